#!/usr/bin/env node
// Runs the app services of docker-compose.yml as local processes, without Docker.
//
// Usage: node scripts/compose-run.mjs start|stop|status [SERVICE...] [options]
//
//   start    start each service's `command` with its `environment`, wait until every one
//            responds to GET /health/ready with 200, and record pids and logs
//   stop     stop the processes that `start` recorded, and nothing else
//   status   print each recorded service's pid, whether it runs and whether it is ready
//
// SERVICE defaults to the app services: ingest, aggregator and api.
//
// Options:
//   -f, --file FILE          Compose file (default: docker-compose.yml beside scripts/)
//   --runtime-dir DIR        pid, state and log files (default: .runtime/compose)
//   --migrate                run the one-shot `migrate` service first and require exit code 0
//   --env [SERVICE:]KEY=VAL  set or replace an environment variable after the host names
//                            are mapped, for every started service or for SERVICE only
//                            (repeatable), for example --env DATABASE_URL=postgresql://...
//   --port SERVICE=PORT      local port of an app service (repeatable); COMPOSE_RUN_PORTS
//                            takes the same list, comma-separated: "api=13000,ingest=13100"
//   --timeout SECONDS        time allowed for all services to become ready (default: 60)
//
// What maps from the Compose file to the local machine:
// - `${VAR}` interpolation reads the shell environment, then a .env file beside the
//   Compose file, as Compose does.
// - Every Compose service name used as a host in an environment value (a URL host, or a
//   `host:port` item of a comma-separated list) becomes 127.0.0.1. A host:port of another
//   app service also gets that service's local port.
// - An app service listens on its local port: --port or COMPOSE_RUN_PORTS if given, else
//   the host port that `ports` publishes for the container's PORT, else PORT itself. PORT
//   is set to that value.
// - A command whose first word is `node` runs with the Node.js binary that runs this script.
// - Besides the service's `environment`, processes inherit only PATH, HOME and locale
//   variables, as a container does not see the host environment.
//
// PostgreSQL, Kafka and other services without a command are not started. `start` checks
// that the addresses the apps are given for them accept TCP connections.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

import { parse as parseYaml } from 'yaml';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const DEFAULT_COMPOSE_FILE = path.join(REPO_ROOT, 'docker-compose.yml');
export const DEFAULT_RUNTIME_DIR = path.join(REPO_ROOT, '.runtime', 'compose');
export const APP_SERVICES = ['ingest', 'aggregator', 'api'];
export const MIGRATE_SERVICE = 'migrate';
export const LOCAL_HOST = '127.0.0.1';
export const READY_PATH = '/health/ready';

const DEFAULT_TIMEOUT_SECONDS = 60;
const STOP_GRACE_MS = 10_000;
const POLL_INTERVAL_MS = 500;
const TCP_CHECK_TIMEOUT_MS = 3_000;
const LOG_TAIL_LINES = 30;
const INHERITED_VARIABLES = [
  'PATH',
  'HOME',
  'USER',
  'LOGNAME',
  'SHELL',
  'LANG',
  'LC_ALL',
  'LC_CTYPE',
  'TZ',
  'TMPDIR',
  'NODE_EXTRA_CA_CERTS',
];
const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*/;

/** Error with a message meant for the user; main() prints it without a stack trace. */
export class ComposeRunError extends Error {
  constructor(message) {
    super(message);
    this.name = 'ComposeRunError';
  }
}

// --- Compose file ----------------------------------------------------------------------

/**
 * Parses a .env file: KEY=VALUE lines, `#` comments, optional `export `, and values in
 * single quotes (literal) or double quotes (with \n, \t, \" and \\ escapes).
 */
export function parseDotenv(text) {
  const variables = {};

  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (line === '' || line.startsWith('#')) continue;

    const match = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*)$/.exec(line);
    if (!match) continue;

    const [, key, rawValue] = match;
    variables[key] = parseDotenvValue(rawValue);
  }

  return variables;
}

function parseDotenvValue(rawValue) {
  if (rawValue.startsWith("'")) {
    const end = rawValue.indexOf("'", 1);
    return end === -1 ? rawValue.slice(1) : rawValue.slice(1, end);
  }

  if (rawValue.startsWith('"')) {
    let value = '';
    for (let index = 1; index < rawValue.length; index += 1) {
      const char = rawValue[index];
      if (char === '"') break;
      if (char === '\\' && index + 1 < rawValue.length) {
        const escaped = rawValue[index + 1];
        value += { n: '\n', t: '\t', r: '\r' }[escaped] ?? escaped;
        index += 1;
        continue;
      }
      value += char;
    }
    return value;
  }

  // An unquoted value ends at ` #`, which starts a comment.
  return rawValue.replace(/\s+#.*$/, '').trim();
}

/**
 * Replaces `$VAR`, `${VAR}` and the Compose forms `${VAR:-default}`, `${VAR-default}`,
 * `${VAR:?error}`, `${VAR?error}`, `${VAR:+replacement}` and `${VAR+replacement}` in text.
 * `$$` stands for a literal `$`. An unset variable without a default becomes an empty
 * string and its name is pushed to `warnings`, as Compose warns and does the same.
 */
export function interpolate(text, variables, warnings = []) {
  let result = '';
  let index = 0;

  while (index < text.length) {
    const char = text[index];
    if (char !== '$') {
      result += char;
      index += 1;
      continue;
    }

    const next = text[index + 1];
    if (next === '$') {
      result += '$';
      index += 2;
      continue;
    }

    if (next === '{') {
      const end = findClosingBrace(text, index + 2);
      if (end === -1) {
        throw new ComposeRunError(`Invalid interpolation in "${text}": missing "}".`);
      }
      result += resolveBraced(text.slice(index + 2, end), text, variables, warnings);
      index = end + 1;
      continue;
    }

    const name = VARIABLE_NAME.exec(text.slice(index + 1))?.[0];
    if (name) {
      result += lookupVariable(name, variables, warnings);
      index += 1 + name.length;
      continue;
    }

    result += '$';
    index += 1;
  }

  return result;
}

function findClosingBrace(text, from) {
  let depth = 1;

  for (let index = from; index < text.length; index += 1) {
    if (text[index] === '$' && text[index + 1] === '$') {
      index += 1;
    } else if (text[index] === '$' && text[index + 1] === '{') {
      depth += 1;
      index += 1;
    } else if (text[index] === '}') {
      depth -= 1;
      if (depth === 0) return index;
    }
  }

  return -1;
}

function resolveBraced(expression, text, variables, warnings) {
  const name = VARIABLE_NAME.exec(expression)?.[0];
  if (!name) {
    throw new ComposeRunError(`Invalid interpolation in "${text}": "\${${expression}}".`);
  }

  const rest = expression.slice(name.length);
  if (rest === '') return lookupVariable(name, variables, warnings);

  const operator = ['-', '?', '+'].includes(rest[0]) ? rest[0] : rest.slice(0, 2);
  if (![':-', ':?', ':+', '-', '?', '+'].includes(operator)) {
    throw new ComposeRunError(`Invalid interpolation in "${text}": "\${${expression}}".`);
  }

  const argument = rest.slice(operator.length);
  const value = variables[name];
  const isSet = value !== undefined;
  const isNonEmpty = isSet && value !== '';

  switch (operator) {
    case ':-':
      return isNonEmpty ? value : interpolate(argument, variables, warnings);
    case '-':
      return isSet ? value : interpolate(argument, variables, warnings);
    case ':+':
      return isNonEmpty ? interpolate(argument, variables, warnings) : '';
    case '+':
      return isSet ? interpolate(argument, variables, warnings) : '';
    default: {
      const required = operator === ':?' ? isNonEmpty : isSet;
      if (required) return value;
      const detail = interpolate(argument, variables, warnings);
      throw new ComposeRunError(
        `Required variable ${name} is missing a value${detail ? `: ${detail}` : ''}.`,
      );
    }
  }
}

function lookupVariable(name, variables, warnings) {
  const value = variables[name];
  if (value !== undefined) return value;

  warnings.push(name);
  return '';
}

/** Applies interpolate() to every string value (not key) of a parsed Compose document. */
export function interpolateValues(node, variables, warnings = []) {
  if (typeof node === 'string') return interpolate(node, variables, warnings);
  if (Array.isArray(node)) return node.map((item) => interpolateValues(item, variables, warnings));
  if (node !== null && typeof node === 'object') {
    return Object.fromEntries(
      Object.entries(node).map(([key, value]) => [
        key,
        interpolateValues(value, variables, warnings),
      ]),
    );
  }
  return node;
}

/**
 * Returns the variables that interpolation reads: the shell environment, and for names it
 * lacks, the .env file beside the Compose file.
 */
export function interpolationVariables(composeFile, environment = process.env) {
  const dotenvFile = path.join(path.dirname(composeFile), '.env');
  const fromDotenv = fs.existsSync(dotenvFile)
    ? parseDotenv(fs.readFileSync(dotenvFile, 'utf8'))
    : {};
  return { ...fromDotenv, ...environment };
}

/** Reads, parses and interpolates a Compose file. */
export function loadCompose(composeFile, variables = interpolationVariables(composeFile)) {
  let document;
  try {
    document = parseYaml(fs.readFileSync(composeFile, 'utf8'));
  } catch (error) {
    throw new ComposeRunError(`Cannot read Compose file ${composeFile}: ${error.message}`);
  }

  if (document === null || typeof document !== 'object' || typeof document.services !== 'object') {
    throw new ComposeRunError(`Compose file ${composeFile} has no services.`);
  }

  const warnings = [];
  const compose = interpolateValues(document, variables, warnings);
  return { compose, warnings: [...new Set(warnings)] };
}

// --- Service definitions -----------------------------------------------------------------

/**
 * Returns a service's `environment` as a map of strings. Compose allows a mapping or a
 * list of KEY=VALUE items. A key without a value takes its value from `variables`, and is
 * left out when that is unset.
 */
export function normalizeEnvironment(environment, variables = {}) {
  const result = {};
  if (environment === undefined || environment === null) return result;

  const entries = Array.isArray(environment)
    ? environment.map((item) => {
        const separator = item.indexOf('=');
        return separator === -1
          ? [item, null]
          : [item.slice(0, separator), item.slice(separator + 1)];
      })
    : Object.entries(environment);

  for (const [key, value] of entries) {
    if (value === null || value === undefined) {
      if (variables[key] !== undefined) result[key] = variables[key];
      continue;
    }
    result[key] = String(value);
  }

  return result;
}

/**
 * Splits a command into words. Compose accepts a list, or a string that it splits like a
 * shell does (quotes and backslashes) but runs without a shell.
 */
export function commandWords(command) {
  if (Array.isArray(command)) return command.map(String);
  if (typeof command !== 'string') return [];

  const words = [];
  let word = '';
  let inWord = false;
  let quote = null;

  for (let index = 0; index < command.length; index += 1) {
    const char = command[index];

    if (quote === "'") {
      if (char === "'") quote = null;
      else word += char;
      continue;
    }

    if (char === '\\' && index + 1 < command.length) {
      word += command[index + 1];
      inWord = true;
      index += 1;
      continue;
    }

    if (quote === '"') {
      if (char === '"') quote = null;
      else word += char;
      continue;
    }

    if (char === "'" || char === '"') {
      quote = char;
      inWord = true;
    } else if (/\s/.test(char)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += char;
      inWord = true;
    }
  }

  if (quote) throw new ComposeRunError(`Unterminated quote in command: ${command}`);
  if (inWord) words.push(word);
  return words;
}

/**
 * Returns the port mappings of a service as { hostIp, published, target, protocol }, from
 * the short syntax ([HOST_IP:][HOST:]CONTAINER[/PROTOCOL]) or the long syntax. Ranges are
 * not supported.
 */
export function portMappings(service) {
  return (service.ports ?? []).map((entry) => {
    if (typeof entry === 'number') {
      return { hostIp: undefined, published: undefined, target: entry, protocol: 'tcp' };
    }

    if (typeof entry === 'object' && entry !== null) {
      return {
        hostIp: entry.host_ip,
        published: entry.published === undefined ? undefined : Number(entry.published),
        target: Number(entry.target),
        protocol: entry.protocol ?? 'tcp',
      };
    }

    const [address, protocol = 'tcp'] = String(entry).split('/');
    // An IPv6 host address is written in brackets: [::1]:3000:3000.
    const match = /^(?:(\[[^\]]+\]|[^:]+):)??(?:(\d+):)?(\d+)$/.exec(address);
    if (!match) throw new ComposeRunError(`Unsupported port mapping: ${entry}`);

    const [, hostIp, published, target] = match;
    return {
      hostIp,
      published: published === undefined ? undefined : Number(published),
      target: Number(target),
      protocol,
    };
  });
}

/** Parses "api=13000,ingest=13100" into { api: 13000, ingest: 13100 }. */
export function parsePortList(text) {
  const ports = {};

  for (const item of text.split(',').map((part) => part.trim())) {
    if (item === '') continue;
    const match = /^([a-zA-Z0-9._-]+)=(\d+)$/.exec(item);
    if (!match) {
      throw new ComposeRunError(`Invalid port override "${item}": expected SERVICE=PORT.`);
    }
    ports[match[1]] = parsePort(match[2], item);
  }

  return ports;
}

function parsePort(text, context) {
  const port = Number(text);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new ComposeRunError(`Invalid port in "${context}": expected 1-65535.`);
  }
  return port;
}

/**
 * Returns the port an app service listens on locally: the override, else the host port
 * published for its container PORT, else PORT.
 */
export function localPort(name, service, environment, portOverrides) {
  if (portOverrides[name] !== undefined) return portOverrides[name];

  const containerPort = Number(environment.PORT);
  if (!Number.isInteger(containerPort) || containerPort < 1) {
    throw new ComposeRunError(
      `Service ${name} has no valid PORT in its environment (got ${environment.PORT ?? 'nothing'}).`,
    );
  }

  const mapping = portMappings(service).find(
    (candidate) => candidate.target === containerPort && candidate.published !== undefined,
  );
  return mapping ? mapping.published : containerPort;
}

// --- Host mapping ----------------------------------------------------------------------

/**
 * Rewrites Compose service host names, and the all-interfaces address 0.0.0.0, in one
 * environment value to 127.0.0.1.
 * `endpoints` maps a service name to a map from container port to local port. Handles a
 * URL (scheme://[user[:password]@]host[:port]...) and a comma-separated list of host or
 * host:port items; other values are returned unchanged. Returns the new value and the
 * local addresses it now points at, as { service, port }.
 */
export function rewriteHosts(value, endpoints) {
  const references = [];

  const mapHostPort = (host, port) => {
    // A container binds all its interfaces (HOST=0.0.0.0); on this machine loopback is enough.
    if (host === '0.0.0.0') {
      return port === undefined ? LOCAL_HOST : `${LOCAL_HOST}:${port}`;
    }

    const ports = endpoints.get(host);
    if (!ports) return null;

    const mappedPort = port === undefined ? undefined : (ports.get(Number(port)) ?? Number(port));
    references.push({ service: host, port: mappedPort });
    return mappedPort === undefined ? LOCAL_HOST : `${LOCAL_HOST}:${mappedPort}`;
  };

  const url = /^([a-zA-Z][a-zA-Z0-9+.-]*:\/\/)([^/?#]*)(.*)$/s.exec(value);
  if (url) {
    const [, scheme, authority, rest] = url;
    const at = authority.lastIndexOf('@');
    const userInfo = at === -1 ? '' : authority.slice(0, at + 1);
    const hostPort = /^([^:[\]]+)(?::(\d+))?$/.exec(authority.slice(at + 1));
    const mapped = hostPort ? mapHostPort(hostPort[1], hostPort[2]) : null;
    return {
      value: mapped === null ? value : `${scheme}${userInfo}${mapped}${rest}`,
      references,
    };
  }

  if (!/^[a-zA-Z0-9._-]+(:\d+)?(\s*,\s*[a-zA-Z0-9._-]+(:\d+)?)*$/.test(value)) {
    return { value, references };
  }

  const items = value.split(',').map((item) => {
    const [host, port] = item.trim().split(':');
    return mapHostPort(host, port) ?? item.trim();
  });
  return { value: items.join(','), references };
}

// --- Planning --------------------------------------------------------------------------

/**
 * Turns Compose services into local processes to start: words of the command, environment,
 * local port and ready URL. `envOverrides` is a list of { service?, key, value }.
 */
export function planServices(compose, serviceNames, options = {}) {
  const {
    variables = {},
    portOverrides = {},
    envOverrides = [],
    nodePath = process.execPath,
  } = options;
  const services = compose.services;

  for (const name of serviceNames) {
    if (!services[name]) {
      const known = Object.keys(services).join(', ');
      throw new ComposeRunError(`Service ${name} is not in the Compose file (it has: ${known}).`);
    }
    if (commandWords(services[name].command).length === 0) {
      throw new ComposeRunError(`Service ${name} has no command to run locally.`);
    }
  }

  for (const name of Object.keys(portOverrides)) {
    if (!services[name]) throw new ComposeRunError(`Port override names unknown service ${name}.`);
  }

  // Maps container port to local port for every service. A service without a command keeps
  // its port numbers, because PostgreSQL and Kafka are expected on 127.0.0.1 at those ports.
  const environments = new Map();
  const endpoints = new Map();
  for (const [name, service] of Object.entries(services)) {
    const environment = normalizeEnvironment(service.environment, variables);
    environments.set(name, environment);

    const ports = new Map();
    const runsLocally = APP_SERVICES.includes(name) || serviceNames.includes(name);
    if (runsLocally && environment.PORT !== undefined) {
      ports.set(Number(environment.PORT), localPort(name, service, environment, portOverrides));
    }
    endpoints.set(name, ports);
  }

  return serviceNames.map((name) => {
    const service = services[name];
    const environment = { ...environments.get(name) };
    const references = new Map();

    for (const [key, value] of Object.entries(environment)) {
      const rewritten = rewriteHosts(value, endpoints);
      environment[key] = rewritten.value;
      if (rewritten.references.length > 0) references.set(key, rewritten.references);
    }

    const isOneShot = name === MIGRATE_SERVICE;
    let port;
    if (!isOneShot) {
      port = localPort(name, service, environments.get(name), portOverrides);
      environment.PORT = String(port);
    }

    for (const override of envOverrides) {
      if (override.service !== undefined && override.service !== name) continue;
      environment[override.key] = override.value;
      references.delete(override.key);
    }

    const words = commandWords(service.command);
    const executable = words[0] === 'node' ? nodePath : words[0];

    return {
      name,
      oneShot: isOneShot,
      executable,
      args: words.slice(1),
      environment,
      port,
      readyUrl: port === undefined ? undefined : `http://${LOCAL_HOST}:${port}${READY_PATH}`,
      references: [...references.values()].flat(),
    };
  });
}

function processEnvironment(plan, hostEnvironment = process.env) {
  const inherited = {};
  for (const key of INHERITED_VARIABLES) {
    if (hostEnvironment[key] !== undefined) inherited[key] = hostEnvironment[key];
  }
  return { ...inherited, ...plan.environment };
}

// --- Processes -------------------------------------------------------------------------

function stateFile(runtimeDir, name) {
  return path.join(runtimeDir, `${name}.json`);
}

function pidFile(runtimeDir, name) {
  return path.join(runtimeDir, `${name}.pid`);
}

function logFile(runtimeDir, name) {
  return path.join(runtimeDir, `${name}.log`);
}

function readState(runtimeDir, name) {
  try {
    return JSON.parse(fs.readFileSync(stateFile(runtimeDir, name), 'utf8'));
  } catch {
    return null;
  }
}

function recordedServices(runtimeDir) {
  if (!fs.existsSync(runtimeDir)) return [];
  return fs
    .readdirSync(runtimeDir)
    .filter((file) => file.endsWith('.json'))
    .map((file) => file.slice(0, -'.json'.length))
    .toSorted();
}

function removeState(runtimeDir, name) {
  fs.rmSync(stateFile(runtimeDir, name), { force: true });
  fs.rmSync(pidFile(runtimeDir, name), { force: true });
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return error.code === 'EPERM';
  }

  // An exited process that its parent has not reaped yet (a zombie) still accepts signal 0.
  // Once `start` has exited, init is the parent of the services, and it may reap late.
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat[stat.lastIndexOf(')') + 2] !== 'Z';
  } catch (error) {
    return !(error.code === 'ENOENT' && fs.existsSync('/proc/self'));
  }
}

/**
 * Checks that pid still runs the recorded command, so a pid reused by an unrelated process
 * is never signalled. Where /proc is missing (not Linux), only liveness is checked.
 */
function isRecordedProcess(state) {
  if (!isAlive(state.pid)) return false;

  let commandLine;
  try {
    commandLine = fs.readFileSync(`/proc/${state.pid}/cmdline`, 'utf8').split('\0');
  } catch {
    return !fs.existsSync('/proc/self');
  }
  if (commandLine.at(-1) === '') commandLine.pop();

  const expected = state.args;
  const actual = commandLine.slice(commandLine.length - expected.length);
  return expected.length <= commandLine.length && expected.every((arg, i) => arg === actual[i]);
}

function sleep(milliseconds) {
  return new Promise((resolve) => setTimeout(resolve, milliseconds));
}

function tail(file, lines = LOG_TAIL_LINES) {
  let text;
  try {
    text = fs.readFileSync(file, 'utf8').trimEnd();
  } catch (error) {
    return `(cannot read the log: ${error.message})`;
  }
  return text === '' ? '(the log is empty)' : text.split('\n').slice(-lines).join('\n');
}

function log(message) {
  process.stdout.write(`compose-run: ${message}\n`);
}

function spawnService(plan, runtimeDir, cwd) {
  const output = fs.openSync(logFile(runtimeDir, plan.name), 'w');
  const child = spawn(plan.executable, plan.args, {
    cwd,
    env: processEnvironment(plan),
    detached: true,
    stdio: ['ignore', output, output],
  });
  fs.closeSync(output);

  const exit = { code: undefined, signal: undefined, error: undefined };
  child.on('exit', (code, signal) => Object.assign(exit, { code, signal }));
  child.on('error', (error) => Object.assign(exit, { error }));

  return { child, exit };
}

function describeExit(exit) {
  if (exit.error) return `failed to start: ${exit.error.message}`;
  if (exit.signal) return `was ended by ${exit.signal}`;
  return `exited with code ${exit.code}`;
}

async function runOneShot(plan, runtimeDir, cwd) {
  log(`running ${plan.name}: ${[plan.executable, ...plan.args].join(' ')}`);
  const { child, exit } = spawnService(plan, runtimeDir, cwd);

  await new Promise((resolve) => {
    child.on('close', resolve);
    child.on('error', resolve);
  });

  if (exit.error || exit.code !== 0) {
    throw new ComposeRunError(
      `${plan.name} ${describeExit(exit)}. Last lines of ${logFile(runtimeDir, plan.name)}:\n` +
        tail(logFile(runtimeDir, plan.name)),
    );
  }
  log(`${plan.name} finished`);
}

function canConnect(host, port, timeoutMs = TCP_CHECK_TIMEOUT_MS) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const finish = (result) => {
      socket.destroy();
      resolve(result);
    };
    socket.setTimeout(timeoutMs, () => finish(false));
    socket.once('connect', () => finish(true));
    socket.once('error', () => finish(false));
  });
}

async function checkPortsFree(plans) {
  for (const plan of plans) {
    if (plan.port === undefined) continue;
    if (await canConnect(LOCAL_HOST, plan.port)) {
      throw new ComposeRunError(
        `Port ${LOCAL_HOST}:${plan.port} for ${plan.name} is already in use. Stop the process ` +
          `that holds it, or choose another port with --port ${plan.name}=PORT or COMPOSE_RUN_PORTS.`,
      );
    }
  }
}

async function checkDependencies(plans) {
  const started = new Set(plans.map((plan) => plan.name));
  const checked = new Set();

  for (const plan of plans) {
    for (const reference of plan.references) {
      if (started.has(reference.service) || reference.port === undefined) continue;

      const address = `${LOCAL_HOST}:${reference.port}`;
      if (checked.has(address)) continue;
      checked.add(address);

      if (!(await canConnect(LOCAL_HOST, reference.port))) {
        throw new ComposeRunError(
          `${reference.service} is not reachable at ${address}, and compose-run does not start ` +
            `it. Start it first, or point the apps elsewhere with --env.`,
        );
      }
    }
  }
}

async function waitUntilReady(started, deadline) {
  const pending = new Map(started.map((entry) => [entry.plan.name, entry]));
  const lastResult = new Map();

  while (pending.size > 0) {
    for (const [name, { plan, child, exit }] of pending) {
      if (exit.code !== undefined || exit.signal || exit.error) {
        return { failed: name, reason: describeExit(exit) };
      }

      try {
        const response = await fetch(plan.readyUrl, { signal: AbortSignal.timeout(2_000) });
        const body = await response.text();
        if (response.status === 200) {
          log(`${name} is ready on ${plan.readyUrl} (pid ${child.pid})`);
          pending.delete(name);
        } else {
          lastResult.set(name, `HTTP ${response.status}: ${body.slice(0, 300)}`);
        }
      } catch (error) {
        lastResult.set(name, error.cause?.code ?? error.message);
      }
    }

    if (pending.size === 0) break;
    if (Date.now() > deadline) {
      const [name] = pending.keys();
      return {
        failed: name,
        reason: `was not ready within the timeout (last check: ${lastResult.get(name) ?? 'none'})`,
      };
    }
    await sleep(POLL_INTERVAL_MS);
  }

  return null;
}

async function signalAndWait(state, name) {
  if (!isRecordedProcess(state)) {
    log(`${name}: pid ${state.pid} is not running that service any more; nothing to stop`);
    return;
  }

  process.kill(state.pid, 'SIGTERM');
  const deadline = Date.now() + STOP_GRACE_MS;
  while (isAlive(state.pid) && Date.now() < deadline) await sleep(100);

  if (isAlive(state.pid)) {
    log(`${name}: pid ${state.pid} did not stop within ${STOP_GRACE_MS / 1000}s; sending SIGKILL`);
    process.kill(state.pid, 'SIGKILL');
  }
  log(`${name}: stopped pid ${state.pid}`);
}

// --- Commands --------------------------------------------------------------------------

/** Starts the services and waits until each is ready; stops them all again on failure. */
export async function start(options) {
  const { composeFile, runtimeDir, serviceNames, migrate, timeoutSeconds } = options;
  const variables = interpolationVariables(composeFile);
  const { compose, warnings } = loadCompose(composeFile, variables);
  for (const name of warnings) {
    log(`warning: variable ${name} is not set; it becomes an empty string`);
  }

  const names = migrate ? [MIGRATE_SERVICE, ...serviceNames] : serviceNames;
  const plans = planServices(compose, names, { ...options, variables });
  const oneShots = plans.filter((plan) => plan.oneShot);
  const longRunning = plans.filter((plan) => !plan.oneShot);

  fs.mkdirSync(runtimeDir, { recursive: true });
  for (const plan of longRunning) {
    const state = readState(runtimeDir, plan.name);
    if (state && isRecordedProcess(state)) {
      throw new ComposeRunError(
        `${plan.name} is already running (pid ${state.pid}); run "compose-run.mjs stop" first.`,
      );
    }
    removeState(runtimeDir, plan.name);
  }

  await checkPortsFree(longRunning);
  await checkDependencies(plans);

  const cwd = path.dirname(composeFile);
  for (const plan of oneShots) await runOneShot(plan, runtimeDir, cwd);

  const started = [];
  for (const plan of longRunning) {
    const { child, exit } = spawnService(plan, runtimeDir, cwd);
    if (child.pid === undefined) {
      await sleep(50);
      await stopStarted(started, runtimeDir);
      throw new ComposeRunError(`${plan.name} ${describeExit(exit)}.`);
    }

    child.unref();
    const state = {
      service: plan.name,
      pid: child.pid,
      executable: plan.executable,
      args: plan.args,
      port: plan.port,
      readyUrl: plan.readyUrl,
      log: logFile(runtimeDir, plan.name),
      startedAt: new Date().toISOString(),
    };
    fs.writeFileSync(stateFile(runtimeDir, plan.name), `${JSON.stringify(state, null, 2)}\n`);
    fs.writeFileSync(pidFile(runtimeDir, plan.name), `${child.pid}\n`);
    started.push({ plan, child, exit, state });
    log(`started ${plan.name} (pid ${child.pid}, port ${plan.port}, log ${state.log})`);
  }

  const failure = await waitUntilReady(started, Date.now() + timeoutSeconds * 1000);
  if (failure) {
    const file = logFile(runtimeDir, failure.failed);
    await stopStarted(started, runtimeDir);
    throw new ComposeRunError(
      `${failure.failed} ${failure.reason}. All services started by this run were stopped. ` +
        `Last lines of ${file}:\n${tail(file)}`,
    );
  }

  if (longRunning.length > 0) {
    log(`all services ready: ${longRunning.map((plan) => plan.name).join(', ')}`);
  }
}

async function stopStarted(started, runtimeDir) {
  for (const { state } of started) {
    await signalAndWait(state, state.service);
    removeState(runtimeDir, state.service);
  }
}

/** Stops the processes recorded in runtimeDir (all, or those named) and removes the records. */
export async function stop({ runtimeDir, serviceNames }) {
  const recorded = recordedServices(runtimeDir);
  const names =
    serviceNames.length > 0 ? serviceNames.filter((n) => recorded.includes(n)) : recorded;

  if (names.length === 0) {
    log(`no recorded services in ${runtimeDir}`);
    return;
  }

  for (const name of names) {
    const state = readState(runtimeDir, name);
    if (state) await signalAndWait(state, name);
    removeState(runtimeDir, name);
  }
}

/** Prints each recorded service's pid, liveness and readiness; returns false if any is down. */
export async function status({ runtimeDir }) {
  const recorded = recordedServices(runtimeDir);
  if (recorded.length === 0) {
    log(`no recorded services in ${runtimeDir}`);
    return false;
  }

  let allReady = true;
  for (const name of recorded) {
    const state = readState(runtimeDir, name);
    if (!state || !isRecordedProcess(state)) {
      log(`${name}: not running (recorded pid ${state?.pid ?? 'unknown'})`);
      allReady = false;
      continue;
    }

    let readiness;
    try {
      const response = await fetch(state.readyUrl, { signal: AbortSignal.timeout(2_000) });
      readiness = `HTTP ${response.status}`;
      if (response.status !== 200) allReady = false;
    } catch (error) {
      readiness = error.cause?.code ?? error.message;
      allReady = false;
    }
    log(`${name}: pid ${state.pid}, ${state.readyUrl} -> ${readiness}`);
  }

  return allReady;
}

// --- Command line ----------------------------------------------------------------------

/** Returns the comment block at the top of this file, which documents the command line. */
function usage() {
  const lines = fs
    .readFileSync(fileURLToPath(import.meta.url), 'utf8')
    .split('\n')
    .slice(1);
  const end = lines.findIndex((line) => !line.startsWith('//'));
  return lines
    .slice(0, end)
    .map((line) => line.replace(/^\/\/ ?/, ''))
    .join('\n');
}

function parseEnvOverride(text) {
  const separator = text.indexOf('=');
  if (separator <= 0) {
    throw new ComposeRunError(`Invalid --env "${text}": expected [SERVICE:]KEY=VALUE.`);
  }

  const target = text.slice(0, separator);
  const value = text.slice(separator + 1);
  const colon = target.indexOf(':');
  return colon === -1
    ? { key: target, value }
    : { service: target.slice(0, colon), key: target.slice(colon + 1), value };
}

/** Parses the command line into the command name and the options of start/stop/status. */
export function parseCommandLine(argv, environment = process.env) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      file: { type: 'string', short: 'f' },
      'runtime-dir': { type: 'string' },
      migrate: { type: 'boolean', default: false },
      env: { type: 'string', multiple: true, default: [] },
      port: { type: 'string', multiple: true, default: [] },
      timeout: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });

  const [command, ...serviceNames] = positionals;
  const timeoutSeconds =
    values.timeout === undefined ? DEFAULT_TIMEOUT_SECONDS : Number(values.timeout);
  if (!Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0) {
    throw new ComposeRunError(`Invalid --timeout "${values.timeout}": expected seconds > 0.`);
  }

  return {
    command: values.help ? 'help' : command,
    composeFile: path.resolve(values.file ?? DEFAULT_COMPOSE_FILE),
    runtimeDir: path.resolve(values['runtime-dir'] ?? DEFAULT_RUNTIME_DIR),
    serviceNames: serviceNames.length > 0 ? serviceNames : [...APP_SERVICES],
    stopNames: serviceNames,
    migrate: values.migrate,
    envOverrides: values.env.map(parseEnvOverride),
    portOverrides: {
      ...parsePortList(environment.COMPOSE_RUN_PORTS ?? ''),
      ...parsePortList(values.port.join(',')),
    },
    timeoutSeconds,
  };
}

export async function main(argv = process.argv.slice(2)) {
  let options;
  try {
    options = parseCommandLine(argv);
    switch (options.command) {
      case 'start':
        await start(options);
        return 0;
      case 'stop':
        await stop({ runtimeDir: options.runtimeDir, serviceNames: options.stopNames });
        return 0;
      case 'status':
        return (await status(options)) ? 0 : 1;
      case 'help':
        process.stdout.write(`${usage()}\n`);
        return 0;
      default:
        process.stderr.write(`${usage()}\n`);
        return 2;
    }
  } catch (error) {
    if (error instanceof ComposeRunError || error.code?.startsWith?.('ERR_PARSE_ARGS')) {
      process.stderr.write(`compose-run: error: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  process.exitCode = await main();
}
