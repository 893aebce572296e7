/**
 * What a workspace's settings may decide (src/release/workspaceSettingRules.ts), and that the
 * manifest gives every setting that decides where signed requests go a scope a workspace cannot set.
 */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_PROTECTED_ALIASES } from '../../src/release/aliases';
import { addOnly, endpointOverrideFrom, ignoredWorkspaceValues, protectedAliasesFrom, Stricter, tightenOnly, userValue, valueInSettingsText } from '../../src/release/workspaceSettingRules';

const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as {
  contributes: { configuration: { properties: Record<string, { scope?: string }> } };
};

/** Settings that decide which host receives signed requests (access key id, session token). */
const DECIDES_WHERE_CREDENTIALS_GO = ['lambdaRelease.endpointUrl'];

describe('workspace setting rules', () => {
  for (const key of DECIDES_WHERE_CREDENTIALS_GO) {
    it(`${key} has a scope workspace and folder settings cannot set (machine or application)`, () => {
      const scope = manifest.contributes.configuration.properties[key]?.scope;
      assert.ok(scope === 'machine' || scope === 'application', `${key} scope is ${scope}`);
    });
  }

  it('endpointUrl: a workspace or folder value never counts, even when a host reports (and would apply) it', () => {
    assert.equal(endpointOverrideFrom({ defaultValue: '', workspaceValue: 'http://127.0.0.1:9' }), undefined);
    assert.equal(endpointOverrideFrom({ defaultValue: '', workspaceFolderValue: 'https://attacker.example' }), undefined);
    assert.equal(endpointOverrideFrom({ defaultValue: '', globalValue: 'http://127.0.0.1:5000', workspaceValue: 'https://attacker.example' }), 'http://127.0.0.1:5000');
    assert.equal(endpointOverrideFrom({ defaultValue: '', globalValue: '  ' }), undefined, 'blank means "use the profiles"');
    assert.equal(endpointOverrideFrom(undefined), undefined);
    assert.equal(userValue({ defaultValue: 3, workspaceValue: 9 }, 1), 3);
  });

  it('ignoredWorkspaceValues lists the workspace and folder values the user value left out', () => {
    assert.deepEqual(ignoredWorkspaceValues({ globalValue: 'a', workspaceValue: 'b', workspaceFolderValue: 'c' }), [
      { scope: 'workspace', value: 'b' },
      { scope: 'workspaceFolder', value: 'c' },
    ]);
    assert.deepEqual(ignoredWorkspaceValues({ globalValue: 'a' }), []);
  });

  it('protectedAliases: a workspace adds aliases, never removes the user’s (or the defaults)', () => {
    assert.deepEqual(protectedAliasesFrom({ defaultValue: [...DEFAULT_PROTECTED_ALIASES], workspaceValue: [] }, DEFAULT_PROTECTED_ALIASES), [...DEFAULT_PROTECTED_ALIASES]);
    assert.deepEqual(protectedAliasesFrom({ defaultValue: [...DEFAULT_PROTECTED_ALIASES], workspaceValue: ['prod-eu'] }, DEFAULT_PROTECTED_ALIASES), [...DEFAULT_PROTECTED_ALIASES, 'prod-eu']);
    assert.deepEqual(protectedAliasesFrom({ globalValue: ['main'], workspaceFolderValue: ['main', 'blue'] }, DEFAULT_PROTECTED_ALIASES), ['main', 'blue']);
    assert.deepEqual(protectedAliasesFrom(undefined, DEFAULT_PROTECTED_ALIASES), [...DEFAULT_PROTECTED_ALIASES]);
  });

  it('valueInSettingsText finds the value in a settings file with comments (for the notice only)', () => {
    const text = '{\n  // local emulator\n  "lambdaRelease.target.function": "orders-api",\n  "lambdaRelease.endpointUrl" : "http://attacker.example:8080/\\"x",\n}\n';
    assert.equal(valueInSettingsText(text, 'lambdaRelease.endpointUrl'), 'http://attacker.example:8080/"x');
    assert.equal(valueInSettingsText('{ "lambdaRelease.endpointUrlX": "a" }', 'lambdaRelease.endpointUrl'), undefined);
    assert.equal(valueInSettingsText('{}', 'lambdaRelease.endpointUrl'), undefined);
  });

  describe('rollout gate: a workspace may only tighten (tightenOnly / addOnly)', () => {
    it('maxErrorRatePercent: 100 from a workspace is ignored, 2 is taken', () => {
      assert.equal(tightenOnly({ defaultValue: 5, workspaceValue: 100 }, 5, Stricter.lower), 5);
      assert.equal(tightenOnly({ defaultValue: 5, workspaceValue: 2 }, 5, Stricter.lower), 2);
      assert.equal(tightenOnly({ defaultValue: 5, globalValue: 20, workspaceValue: 50, workspaceFolderValue: 10 }, 5, Stricter.lower), 10);
      assert.equal(tightenOnly({ defaultValue: 5, globalValue: 20 }, 5, Stricter.lower), 20, 'the user may loosen their own gate');
    });

    it('logErrorThreshold: a workspace cannot turn the log signal off (0), only lower it', () => {
      assert.equal(tightenOnly({ defaultValue: 3, workspaceValue: 0 }, 3, Stricter.lowerButOn), 3);
      assert.equal(tightenOnly({ defaultValue: 3, workspaceValue: 1 }, 3, Stricter.lowerButOn), 1);
      assert.equal(tightenOnly({ defaultValue: 3, globalValue: 0, workspaceValue: 5 }, 3, Stricter.lowerButOn), 5, 'turning it on is stricter');
    });

    it('noTraffic: a workspace can ask to wait, never to advance unjudged', () => {
      assert.equal(tightenOnly<string>({ defaultValue: 'wait', workspaceValue: 'advance' }, 'wait', Stricter.waitBeforeAdvance), 'wait');
      assert.equal(tightenOnly<string>({ globalValue: 'advance', workspaceValue: 'wait' }, 'wait', Stricter.waitBeforeAdvance), 'wait');
    });

    it('stepIntervalSeconds: a workspace cannot shorten the plan’s steps to seconds; it may lengthen the user’s override', () => {
      assert.equal(tightenOnly({ defaultValue: 0, workspaceValue: 1 }, 0, Stricter.longerOverride), 0);
      assert.equal(tightenOnly({ defaultValue: 0, globalValue: 5, workspaceValue: 1 }, 0, Stricter.longerOverride), 5);
      assert.equal(tightenOnly({ defaultValue: 0, globalValue: 5, workspaceValue: 30 }, 0, Stricter.longerOverride), 30);
    });

    it('alarm names and error patterns: a workspace adds, never removes', () => {
      assert.deepEqual(addOnly({ globalValue: ['orders-5xx'], workspaceValue: [] }, []), ['orders-5xx']);
      assert.deepEqual(addOnly({ defaultValue: ['ERROR'], workspaceValue: ['FATAL'] }, ['ERROR']), ['ERROR', 'FATAL']);
    });
  });
});
