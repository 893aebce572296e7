/** contextValue of each tree node kind; `when` clauses in package.json match these exactly. */
export const ContextValues = {
  profile: 'lambdaRelease.profile',
  profileError: 'lambdaRelease.profileError',
  region: 'lambdaRelease.region',
  function: 'lambdaRelease.function',
  aliasesFolder: 'lambdaRelease.aliases',
  versionsFolder: 'lambdaRelease.versions',
  alias: 'lambdaRelease.alias',
  /** An alias with weighted routing (a canary in progress). */
  aliasCanary: 'lambdaRelease.aliasCanary',
  /** An alias with an unfinished gradual rollout, running (Pause) or paused / not run by this window (Resume). */
  aliasRollout: 'lambdaRelease.aliasRollout',
  aliasRolloutPaused: 'lambdaRelease.aliasRolloutPaused',
  version: 'lambdaRelease.version',
  /** The image of a container-image function. */
  image: 'lambdaRelease.image',
  latest: 'lambdaRelease.latest',
  error: 'lambdaRelease.error',
  info: 'lambdaRelease.info',
  /** The first row of a filtered function list: names the filter, inline Clear. */
  filter: 'lambdaRelease.filter',
} as const;
