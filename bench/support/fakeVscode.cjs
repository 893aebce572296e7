/**
 * A minimal stand-in for the `vscode` module, ONLY for the activation benchmark (bench/activation.ts):
 * just enough editor API for activate() and the first tree load to run in plain Node, so their
 * cost can be timed in a fresh process. Tests use the real extension host, not this.
 * Settings come from a flat `{ "lambdaRelease.endpointUrl": "…" }` object. A member the
 * extension uses but this fake lacks throws, naming it (add it here).
 */
'use strict';

function strictNamespace(name, members) {
  return new Proxy(members, {
    get(target, key) {
      if (typeof key !== 'string' || key in target || key === 'then' || key === 'toJSON') return target[key];
      throw new Error(`fake vscode: ${name}.${key} is not implemented (bench/support/fakeVscode.cjs)`);
    },
  });
}

class Disposable {
  constructor(callOnDispose) {
    this.callOnDispose = callOnDispose;
  }
  static from(...items) {
    return new Disposable(() => items.forEach((item) => item?.dispose?.()));
  }
  dispose() {
    this.callOnDispose?.();
    this.callOnDispose = undefined;
  }
}

class EventEmitter {
  listeners = new Set();
  event = (listener, thisArg) => {
    const bound = thisArg ? listener.bind(thisArg) : listener;
    this.listeners.add(bound);
    return new Disposable(() => this.listeners.delete(bound));
  };
  fire(value) {
    for (const listener of [...this.listeners]) listener(value);
  }
  dispose() {
    this.listeners.clear();
  }
}

class TreeItem {
  constructor(label, collapsibleState = 0) {
    this.label = label;
    this.collapsibleState = collapsibleState;
  }
}

class ThemeIcon {
  constructor(id, color) {
    this.id = id;
    this.color = color;
  }
}

class ThemeColor {
  constructor(id) {
    this.id = id;
  }
}

class MarkdownString {
  constructor(value = '') {
    this.value = value;
  }
  appendMarkdown(text) {
    this.value += text;
    return this;
  }
  appendText(text) {
    this.value += text;
    return this;
  }
}

class Uri {
  constructor(scheme, path, query = '', fragment = '') {
    Object.assign(this, { scheme, path, query, fragment, fsPath: path, authority: '' });
  }
  static file(path) {
    return new Uri('file', path);
  }
  static parse(text) {
    const url = new URL(text);
    return new Uri(url.protocol.replace(/:$/, ''), decodeURIComponent(url.pathname), url.search.replace(/^\?/, ''));
  }
  static from(parts) {
    return new Uri(parts.scheme, parts.path ?? '', parts.query ?? '', parts.fragment ?? '');
  }
  toString() {
    return `${this.scheme}://${this.path}${this.query ? `?${this.query}` : ''}`;
  }
  with(change) {
    return new Uri(change.scheme ?? this.scheme, change.path ?? this.path, change.query ?? this.query, change.fragment ?? this.fragment);
  }
}

class Memento {
  values = new Map();
  get(key, fallback) {
    return this.values.has(key) ? this.values.get(key) : fallback;
  }
  update(key, value) {
    if (value === undefined) this.values.delete(key);
    else this.values.set(key, value);
    return Promise.resolve();
  }
  keys() {
    return [...this.values.keys()];
  }
}

/** A LogOutputChannel that keeps its lines (the benchmark reads "Activated in …" from it). */
function logChannel(name, lines) {
  const write = (level) => (message, ...args) => lines.push(`[${level}] ${message}${args.length ? ` ${args.map(String).join(' ')}` : ''}`);
  return {
    name,
    logLevel: 2,
    onDidChangeLogLevel: () => new Disposable(),
    trace: write('trace'),
    debug: write('debug'),
    info: write('info'),
    warn: write('warning'),
    error: write('error'),
    append: (text) => lines.push(text),
    appendLine: (text) => lines.push(text),
    replace: () => undefined,
    clear: () => undefined,
    show: () => undefined,
    hide: () => undefined,
    dispose: () => undefined,
  };
}

function createFakeVscode(settings = {}) {
  const logLines = [];
  const commands = new Map();
  const configurationChanged = new EventEmitter();

  const configuration = (section) => ({
    get: (key, fallback) => {
      const full = section ? `${section}.${key}` : key;
      return full in settings ? settings[full] : fallback;
    },
    has: (key) => `${section}.${key}` in settings,
    inspect: (key) => ({ key: `${section}.${key}`, globalValue: settings[`${section}.${key}`] }),
    update: async (key, value) => {
      settings[`${section}.${key}`] = value;
    },
  });

  const vscode = {
    Disposable,
    EventEmitter,
    TreeItem,
    ThemeIcon,
    ThemeColor,
    MarkdownString,
    Uri,
    TreeItemCollapsibleState: { None: 0, Collapsed: 1, Expanded: 2 },
    StatusBarAlignment: { Left: 1, Right: 2 },
    ProgressLocation: { SourceControl: 1, Window: 10, Notification: 15 },
    QuickPickItemKind: { Separator: -1, Default: 0 },
    FileType: { Unknown: 0, File: 1, Directory: 2, SymbolicLink: 64 },
    ConfigurationTarget: { Global: 1, Workspace: 2, WorkspaceFolder: 3 },
    window: strictNamespace('window', {
      state: { focused: true },
      createOutputChannel: (name) => logChannel(name, logLines),
      createTreeView: () => ({ description: undefined, message: undefined, visible: true, reveal: async () => undefined, dispose: () => undefined }),
      createStatusBarItem: () => ({ text: '', tooltip: undefined, command: undefined, name: '', show: () => undefined, hide: () => undefined, dispose: () => undefined }),
      withProgress: (_options, task) => task({ report: () => undefined }, { isCancellationRequested: false, onCancellationRequested: () => new Disposable() }),
      onDidChangeWindowState: () => new Disposable(),
      onDidChangeActiveTextEditor: () => new Disposable(),
      activeTextEditor: undefined,
      showInformationMessage: async () => undefined,
      showWarningMessage: async () => undefined,
      showErrorMessage: async () => undefined,
      setStatusBarMessage: () => new Disposable(),
    }),
    workspace: strictNamespace('workspace', {
      workspaceFolders: undefined,
      workspaceFile: undefined,
      getConfiguration: configuration,
      onDidChangeConfiguration: configurationChanged.event,
      onDidChangeWorkspaceFolders: () => new Disposable(),
      registerTextDocumentContentProvider: () => new Disposable(),
    }),
    commands: strictNamespace('commands', {
      registerCommand: (id, handler) => {
        commands.set(id, handler);
        return new Disposable(() => commands.delete(id));
      },
      executeCommand: async (id, ...args) => commands.get(id)?.(...args),
    }),
    env: strictNamespace('env', { clipboard: { readText: async () => '', writeText: async () => undefined }, uiKind: 1 }),
  };

  const context = {
    subscriptions: [],
    workspaceState: new Memento(),
    globalState: Object.assign(new Memento(), { setKeysForSync: () => undefined }),
    extensionMode: 1,
    globalStorageUri: { fsPath: require('node:path').join(require('node:os').tmpdir(), 'lambda-release-fake-storage'), scheme: 'file' },
  };

  return { vscode, context, logLines, commands };
}

module.exports = { createFakeVscode };
