/**
 * Hand-made wheels for offline pip tests (`pip wheel` cannot build here: no `wheel` package). A
 * wheel is a zip of the package files plus NAME-VER.dist-info/{METADATA, WHEEL, RECORD}.
 */
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { strToU8, zipSync } from 'fflate';

export interface WheelSpec {
  name: string;
  version: string;
  /** Wheel tag, e.g. `py3-none-any` or `cp312-cp312-manylinux2014_aarch64`. */
  tag?: string;
  /** Path inside the wheel → content. Default: `NAME/__init__.py`. */
  files?: Record<string, string>;
}

/** Writes the wheel into `dir` and returns its file name. */
export function writeWheel(dir: string, spec: WheelSpec): string {
  const tag = spec.tag ?? 'py3-none-any';
  const distInfo = `${spec.name}-${spec.version}.dist-info`;
  const files: Record<string, string> = {
    ...(spec.files ?? { [`${spec.name}/__init__.py`]: `VERSION = "${spec.version}"\n` }),
    [`${distInfo}/METADATA`]: `Metadata-Version: 2.1\nName: ${spec.name}\nVersion: ${spec.version}\n`,
    [`${distInfo}/WHEEL`]: `Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: ${tag.startsWith('py') ? 'true' : 'false'}\nTag: ${tag}\n`,
  };
  const record = Object.entries(files).map(([path, content]) => {
    const digest = createHash('sha256').update(content).digest('base64url');
    return `${path},sha256=${digest},${Buffer.byteLength(content)}`;
  });
  record.push(`${distInfo}/RECORD,,`);
  files[`${distInfo}/RECORD`] = `${record.join('\n')}\n`;
  const fileName = `${spec.name}-${spec.version}-${tag}.whl`;
  const entries = Object.fromEntries(Object.entries(files).map(([path, content]) => [path, strToU8(content)]));
  writeFileSync(join(dir, fileName), zipSync(entries));
  return fileName;
}

/** pip options and environment that ignore this machine's pip configuration: only `wheelDir` is searched. */
export function offlinePip(wheelDir: string): { extraPipArgs: string[]; env: NodeJS.ProcessEnv } {
  return {
    extraPipArgs: ['--no-index', '--find-links', wheelDir],
    env: { ...process.env, PIP_CONFIG_FILE: '/dev/null', PIP_DISABLE_PIP_VERSION_CHECK: '1', PIP_NO_INPUT: '1' },
  };
}
