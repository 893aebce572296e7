/**
 * What a workspace's settings may decide (src/release/workspaceSettingRules.ts), and that the
 * manifest gives every setting that decides where signed requests go a scope a workspace cannot set.
 */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_PROTECTED_ALIASES } from '../../src/release/aliases';
import { endpointOverrideFrom, ignoredWorkspaceValues, protectedAliasesFrom, userValue, valueInSettingsText } from '../../src/release/workspaceSettingRules';

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
});
