// orders-api: the sample function the demo workspace deploys (`Lambda: Deploy Workspace`).
export const handler = async (event) => {
  const order = typeof event?.body === 'string' ? JSON.parse(event.body) : event ?? {};
  console.log(JSON.stringify({ level: 'info', msg: 'order received', id: order.id ?? null }));
  return {
    statusCode: 201,
    body: JSON.stringify({ accepted: true, id: order.id ?? crypto.randomUUID(), version: process.env.AWS_LAMBDA_FUNCTION_VERSION }),
  };
};
