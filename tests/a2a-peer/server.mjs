// A2A test peer for the Resilience.A2A interop tests.
//
// Built on the official A2A JavaScript SDK (@a2a-js/sdk, which speaks protocol v1.0 natively and v0.3
// through its `legacyCompat` layer) and express 5. Binds to 127.0.0.1 only, on free ports, and prints
// one JSON line on stdout: {"port":<a2a port>,"adminPort":<admin port>}.
//
// Agents live under http://127.0.0.1:<port>/s/<scope>/<agent>/ where <scope> is any name a test picks
// (each scope has its own task store, fault queue and request counters, so tests can run in parallel)
// and <agent> is one of:
//   echo, tasks          v1.0 and v0.3 on one JSON-RPC endpoint (card lists both, 1.0 first)
//   echo-v03, tasks-v03  v0.3 only (card lists only a 0.3 interface)
//   echo-oldcard         serves its card only at the pre-0.3 path /.well-known/agent.json
//   echo-auth            requires the API key "X-Api-Key: peer-secret" declared in its card
//   echo-bearer          requires "Authorization: Bearer token-<anything>" (an http bearer scheme in its card)
//   tasks-tenant         the task agent whose v1.0 interface names the tenant "acme" (the SDK scopes its stores by tenant)
// The JSON-RPC endpoint of each agent is <base>/rpc.
//
// The task agent picks its behaviour from the first word of the message text:
//   complete | fail | work (stays working) | input (input-required) | stream (working, 2 artifacts,
//   completed) | resume (working, 1 artifact, then waits until a client resubscribes, then completes) |
//   chunks (one artifact "doc" in three chunks: append false/true/true, lastChunk on the third, then completed)
// The echo agent's reply carries the user message's metadata, extensions and referenceTaskIds back.
// Every card declares a provider, a skill, an extension and an extended card (one more skill, "extended").
// The task agents declare push notifications (the SDK's in-memory config store and its sender, which posts each event
// to the webhooks of the task); the echo agents do not, so their push-notification methods answer -32003.
// Anything else completes.
//
// Admin API (second port, loopback only), all JSON:
//   POST /s/<scope>/faults   {kind, method?, times?, ...}  queue a fault for the next matching request(s)
//   GET  /s/<scope>/counts   {total, byMethod:{...}, byAgent:{agent:{method:n}}, messageIds:[...], headers:[...]}
//                            (ids of every send; per JSON-RPC request {method, tenant, authorization, extensions, x-* headers})
//   GET  /s/<scope>/wait?method=M&count=N  answers {reached:true} once M has reached the scope N times (30 s limit)
//   POST /s/<scope>/release  release every held request of the scope
//   POST /s/<scope>/reset    clear faults, counters and held requests of the scope
//   POST /shutdown           exit the process
// Fault kinds (applied in the order queued, each `times` times, default 1; `method` matches either
// protocol's method name, absent = any JSON-RPC method; "card" = the agent card fetch, only when named):
//   http          {status, retryAfter?, body?}  HTTP error before the agent sees the request
//   rpcError      {code, status?, message?}     JSON-RPC error (HTTP 200 unless status given)
//   delay         {ms}                          wait, then pass to the agent
//   hold          {}                            wait until /release, then pass to the agent
//   drop          {}                            destroy the connection before the agent sees it
//   dropAfter     {}                            run the agent, then destroy the connection unanswered
//   errorAfter    {status?, code?}              run the agent, then answer an HTTP/JSON-RPC error
//   dropStream    {events}                      pass a stream through, destroy it after N events
//   oversized     {bytes, chunked?}             200 with a valid-looking JSON body of `bytes` bytes (chunked: no length)
//   malformed     {}                            200 with truncated JSON
//   wrongVersion  {}                            200 with "jsonrpc":"1.0"
//   wrongId       {}                            200 with a response id that is not the request's
//   unknownResult {}                            200 with a result of no known shape
//   sseEndless    {intervalMs?, perTick?}       SSE stream of non-terminal status events forever (perTick per interval)
//   sseSilent     {}                            SSE headers, then nothing, never closed
//   sseHugeEvent  {}                            one SSE data line that grows forever
//   holdUntilFinished {}                        wait until the task named by params.id is in a terminal state
//   rpcResult     {result}                      200 with the given JSON-RPC result (hostile or unusual answers)
import express from 'express';
import { randomUUID } from 'node:crypto';
import {
  DefaultRequestHandler,
  InMemoryTaskStore,
  AgentEvent,
} from '@a2a-js/sdk/server';
import { jsonRpcHandler, agentCardHandler, UserBuilder } from '@a2a-js/sdk/server/express';

const HOST = '127.0.0.1';
const API_KEY = 'peer-secret';
const AGENTS = new Set(['echo', 'tasks', 'echo-v03', 'tasks-v03', 'tasks-tenant', 'echo-oldcard', 'echo-auth', 'echo-bearer']);
const V03_NAMES = {
  SendMessage: 'message/send',
  SendStreamingMessage: 'message/stream',
  GetTask: 'tasks/get',
  CancelTask: 'tasks/cancel',
  SubscribeToTask: 'tasks/resubscribe',
  CreateTaskPushNotificationConfig: 'tasks/pushNotificationConfig/set',
  GetTaskPushNotificationConfig: 'tasks/pushNotificationConfig/get',
  ListTaskPushNotificationConfigs: 'tasks/pushNotificationConfig/list',
  DeleteTaskPushNotificationConfig: 'tasks/pushNotificationConfig/delete',
};
const V10_NAMES = Object.fromEntries(Object.entries(V03_NAMES).map(([k, v]) => [v, k]));

// TaskState / Role values of the SDK's internal (protobuf) model.
const State = { SUBMITTED: 1, WORKING: 2, COMPLETED: 3, FAILED: 4, CANCELED: 5, INPUT_REQUIRED: 6 };
const ROLE_AGENT = 2;
const TERMINAL = new Set([State.COMPLETED, State.FAILED, State.CANCELED, 7 /* REJECTED */]);

let a2aPort = 0;

// stdout carries only the ports line, and the fixture stops reading it after that line: the SDK's own logging (one
// line per push notification sent) goes to stderr, which the fixture drains, so a full pipe never blocks the peer.
for (const level of ['log', 'info', 'warn', 'debug']) {
  console[level] = (...args) => console.error(...args);
}

function textPart(text) {
  return { content: { $case: 'text', value: text }, mediaType: 'text/plain', filename: '', metadata: {} };
}

function agentMessage(text, taskId, contextId) {
  return {
    messageId: randomUUID(),
    role: ROLE_AGENT,
    parts: [textPart(text)],
    taskId: taskId ?? '',
    contextId: contextId ?? '',
    metadata: {},
    extensions: [],
    referenceTaskIds: [],
  };
}

function userText(message) {
  return (message?.parts ?? [])
    .map((p) => (p.content?.$case === 'text' ? p.content.value : ''))
    .join('');
}

class EchoExecutor {
  async execute(ctx, bus) {
    // The reply carries the user message's metadata, extensions and referenceTaskIds back, so tests see them round-trip.
    const reply = agentMessage(`echo: ${userText(ctx.userMessage)}`, undefined, ctx.contextId);
    reply.metadata = { ...(ctx.userMessage.metadata ?? {}) };
    reply.extensions = [...(ctx.userMessage.extensions ?? [])];
    reply.referenceTaskIds = [...(ctx.userMessage.referenceTaskIds ?? [])];
    reply.parts[0].metadata = { echoedParts: (ctx.userMessage.parts ?? []).map((p) => p.metadata ?? {}) };
    bus.publish(AgentEvent.message(reply));
    bus.finished();
  }

  async cancelTask() {}
}

class TaskExecutor {
  constructor(scope) {
    this.scope = scope;
  }

  async execute(ctx, bus) {
    const { taskId, contextId } = ctx;
    const mode = userText(ctx.userMessage).trim().split(/\s+/)[0] || 'complete';
    const status = (state, text) =>
      bus.publish(AgentEvent.statusUpdate({
        taskId,
        contextId,
        status: { state, message: text ? agentMessage(text, taskId, contextId) : undefined, timestamp: new Date().toISOString() },
        metadata: {},
      }));
    const artifact = (name, text, append = false, lastChunk = true, metadata = {}) =>
      bus.publish(AgentEvent.artifactUpdate({
        taskId,
        contextId,
        artifact: { artifactId: name, name, description: `the ${name} artifact`, parts: [textPart(text)], metadata, extensions: ['https://ext.example/artifact'] },
        append,
        lastChunk,
        metadata: { chunk: text },
      }));

    if (!ctx.task) {
      bus.publish(AgentEvent.task({
        id: taskId,
        contextId,
        status: { state: State.SUBMITTED, message: undefined, timestamp: new Date().toISOString() },
        artifacts: [],
        history: [ctx.userMessage],
        metadata: { createdBy: 'tasks-peer' },
      }));
    }

    status(State.WORKING, 'working');
    switch (mode) {
      case 'fail':
        status(State.FAILED, 'the task failed on purpose');
        break;
      case 'work':
        // Stays working: the executor returns and the task remains in the store as working.
        break;
      case 'input':
        status(State.INPUT_REQUIRED, 'which city?');
        break;
      case 'stream':
        await tick();
        artifact('part-1', 'first');
        await tick();
        artifact('part-2', 'second');
        await tick();
        status(State.COMPLETED, 'done');
        break;
      case 'chunks':
        // One artifact in three chunks: replace, append, append (last).
        artifact('doc', 'Hello, ', false, false, { part: 1 });
        await tick();
        artifact('doc', 'chunked ', true, false, { part: 2 });
        await tick();
        artifact('doc', 'world', true, true, { part: 3 });
        status(State.COMPLETED, 'done');
        break;
      case 'resume':
        artifact('part-1', 'first');
        await this.scope.waitForResubscribe(taskId);
        artifact('part-2', 'second');
        status(State.COMPLETED, 'done');
        break;
      default:
        artifact('result', `completed: ${userText(ctx.userMessage)}`);
        status(State.COMPLETED, 'done');
        break;
    }

    bus.finished();
  }

  async cancelTask(taskId, bus) {
    bus.publish(AgentEvent.statusUpdate({
      taskId,
      contextId: '',
      status: { state: State.CANCELED, message: undefined, timestamp: new Date().toISOString() },
      metadata: {},
    }));
    bus.finished();
  }
}

function tick() {
  return new Promise((resolve) => setTimeout(resolve, 5));
}

function agentCard(scopeName, agent) {
  const base = `http://${HOST}:${a2aPort}/s/${scopeName}/${agent}`;
  const v03Only = agent.endsWith('-v03');
  const interfaces = [];
  if (!v03Only) {
    interfaces.push({ url: `${base}/rpc`, protocolBinding: 'JSONRPC', tenant: agent === 'tasks-tenant' ? 'acme' : '', protocolVersion: '1.0' });
  }
  interfaces.push({ url: `${base}/rpc`, protocolBinding: 'JSONRPC', tenant: '', protocolVersion: '0.3' });
  const card = {
    name: `${agent} agent`,
    description: `Resilience.A2A test peer: ${agent}`,
    supportedInterfaces: interfaces,
    provider: { url: 'https://peer.example', organization: 'Resilience test peer' },
    documentationUrl: 'https://peer.example/docs',
    iconUrl: 'https://peer.example/icon.png',
    version: '1.0.0',
    capabilities: {
      streaming: true,
      pushNotifications: agent.startsWith('tasks'),
      extendedAgentCard: true,
      extensions: [{ uri: 'https://ext.example/trace', description: 'trace tags', required: false, params: { level: 'full' } }],
    },
    securitySchemes: {},
    securityRequirements: [],
    defaultInputModes: ['text/plain'],
    defaultOutputModes: ['text/plain'],
    skills: [{
      id: agent,
      name: agent,
      description: `The ${agent} skill`,
      tags: ['test'],
      examples: [`ask ${agent}`],
      inputModes: [],
      outputModes: [],
      securityRequirements: [],
    }],
    signatures: [],
  };
  if (agent === 'echo-bearer') {
    card.securitySchemes = {
      bearer: { scheme: { $case: 'httpAuthSecurityScheme', value: { description: 'test token', scheme: 'Bearer', bearerFormat: '' } } },
    };
    card.securityRequirements = [{ schemes: { bearer: { list: [] } } }];
  }
  if (agent === 'echo-auth') {
    card.securitySchemes = {
      apiKey: { scheme: { $case: 'apiKeySecurityScheme', value: { description: 'test key', location: 'header', name: 'X-Api-Key' } } },
    };
    card.securityRequirements = [{ schemes: { apiKey: { list: [] } } }];
  }
  return card;
}

/**
 * The SDK serves the v1.0 card with JSON.stringify of the object it is given, and its v0.3 translation reads the
 * internal (protobuf) form, where a one-of is {$case, value}. A toJSON that writes each one-of as its field name
 * gives the v1.0 card its wire form ({"apiKeySecurityScheme": {...}}) without changing what the v0.3 path reads.
 */
function withWireJson(card) {
  const copy = { ...card };
  Object.defineProperty(copy, 'toJSON', {
    enumerable: false,
    value() {
      const securitySchemes = Object.fromEntries(Object.entries(card.securitySchemes ?? {})
        .map(([name, s]) => [name, s.scheme ? { [s.scheme.$case]: s.scheme.value } : {}]));
      return { ...card, securitySchemes };
    },
  });
  return copy;
}

/** Per-scope state: one SDK handler per agent, fault queue, counters, held requests, resubscribe gates. */
class Scope {
  constructor(name) {
    this.name = name;
    this.routers = new Map();
    this.reset();
  }

  reset() {
    for (const held of this.held ?? []) {
      held();
    }
    this.faults = [];
    this.counts = { total: 0, byMethod: {}, byAgent: {}, messageIds: [], headers: [] };
    this.held = [];
    this.gates = new Map();
    this.finished = new Set();
    this.waiters ??= new Set();
  }

  count(agent, method) {
    this.counts.total++;
    setImmediate(() => this.notify());
    this.counts.byMethod[method] = (this.counts.byMethod[method] ?? 0) + 1;
    const perAgent = (this.counts.byAgent[agent] ??= {});
    perAgent[method] = (perAgent[method] ?? 0) + 1;
  }

  /** Resolves once `method` (any method when absent) has reached the scope `n` times, or after 30 s with false. */
  waitFor(method, n) {
    const reached = () => (method ? this.counts.byMethod[method] ?? 0 : this.counts.total) >= n;
    if (reached()) {
      return Promise.resolve(true);
    }
    return new Promise((resolve) => {
      const timer = setTimeout(() => { this.waiters.delete(check); resolve(false); }, 30_000);
      const check = () => {
        if (reached()) {
          clearTimeout(timer);
          this.waiters.delete(check);
          resolve(true);
        }
      };
      this.waiters.add(check);
    });
  }

  /** Resolves once the task has been saved in a terminal state (30 s limit). */
  waitForFinished(taskId) {
    if (this.finished.has(taskId)) {
      return Promise.resolve(true);
    }
    return new Promise((resolve) => {
      const timer = setTimeout(() => { this.waiters.delete(check); resolve(false); }, 30_000);
      const check = () => {
        if (this.finished.has(taskId)) {
          clearTimeout(timer);
          this.waiters.delete(check);
          resolve(true);
        }
      };
      this.waiters.add(check);
    });
  }

  /** A task store that tells the scope when a task reaches a terminal state. */
  taskStore() {
    const store = new InMemoryTaskStore();
    const save = store.save.bind(store);
    store.save = async (task, context) => {
      await save(task, context);
      if (TERMINAL.has(task.status?.state)) {
        this.finished.add(task.id);
        this.notify();
      }
    };
    return store;
  }

  notify() {
    for (const check of [...this.waiters]) {
      check();
    }
  }

  takeFault(method, exact = false) {
    const index = exact
      ? this.faults.findIndex((f) => f.method === method)
      : this.faults.findIndex((f) => (!f.method && f.method !== 'card') || f.method === method || f.method === V03_NAMES[method] || f.method === V10_NAMES[method]);
    if (index < 0) {
      return undefined;
    }
    const fault = this.faults[index];
    fault.times = (fault.times ?? 1) - 1;
    if (fault.times <= 0) {
      this.faults.splice(index, 1);
    }
    return fault;
  }

  gate(taskId) {
    let gate = this.gates.get(taskId);
    if (!gate) {
      let open;
      const promise = new Promise((resolve) => { open = resolve; });
      gate = { promise, open };
      this.gates.set(taskId, gate);
    }
    return gate;
  }

  waitForResubscribe(taskId) {
    // Bounded so an abandoned task cannot keep the peer busy forever.
    return Promise.race([this.gate(taskId).promise, new Promise((resolve) => setTimeout(resolve, 60_000))]);
  }

  router(agent) {
    let router = this.routers.get(agent);
    if (router) {
      return router;
    }
    const card = agentCard(this.name, agent);
    const executor = agent.startsWith('tasks') ? new TaskExecutor(this) : new EchoExecutor();
    const extended = { ...card, skills: [...card.skills, { ...card.skills[0], id: 'extended', name: 'extended', description: 'only in the extended card' }] };
    const handler = new DefaultRequestHandler(card, this.taskStore(), executor, undefined, undefined, undefined, async () => extended);
    router = express.Router();
    const cardRoute = agentCardHandler({ agentCardProvider: async () => withWireJson(card), legacyCompat: { enabled: true } });
    const cardPath = agent === 'echo-oldcard' ? '/.well-known/agent.json' : '/.well-known/agent-card.json';
    router.use(cardPath, cardFront(this, agent), cardRoute);
    router.use('/rpc', rpcFront(this, agent), jsonRpcHandler({
      requestHandler: handler,
      userBuilder: UserBuilder.noAuthentication,
      legacyCompat: { enabled: true },
    }));
    this.routers.set(agent, router);
    return router;
  }
}

const scopes = new Map();
function scopeOf(name) {
  let scope = scopes.get(name);
  if (!scope) {
    scope = new Scope(name);
    scopes.set(name, scope);
  }
  return scope;
}

function rpcError(id, code, message) {
  return JSON.stringify({ jsonrpc: '2.0', id: id ?? null, error: { code, message } });
}

/** Counts the request, then applies the next matching fault of the scope (or passes it to the SDK). */
function rpcFront(scope, agent) {
  const parseJson = express.json({ limit: '1mb' });
  return (req, res, next) => {
    parseJson(req, res, (err) => {
      if (err) {
        next(err);
        return;
      }
      if (agent === 'echo-auth' && req.header('x-api-key') !== API_KEY) {
        res.status(401).json(JSON.parse(rpcError(req.body?.id, -32600, 'missing or wrong API key')));
        return;
      }
      if (agent === 'echo-bearer' && !(req.header('authorization') ?? '').startsWith('Bearer token-')) {
        res.status(401).json(JSON.parse(rpcError(req.body?.id, -32600, 'missing or wrong bearer token')));
        return;
      }
      const method = typeof req.body?.method === 'string' ? req.body.method : '(none)';
      scope.count(agent, method);
      scope.counts.headers.push(Object.fromEntries([
        ['method', method],
        ['tenant', typeof req.body?.params?.tenant === 'string' ? req.body.params.tenant : ''],
        ...Object.entries(req.headers).filter(([name]) => name === 'authorization' || name.includes('a2a-extensions') || name.startsWith('x-')),
      ]));
      if (typeof req.body?.params?.message?.messageId === 'string') {
        scope.counts.messageIds.push(req.body.params.message.messageId);
      }
      if (method === 'tasks/resubscribe' || method === 'SubscribeToTask') {
        openGateOnFirstWrite(scope, req, res);
      }
      const fault = scope.takeFault(method);
      if (!fault) {
        next();
        return;
      }
      applyFault(scope, fault, req, res, next);
    });
  };
}

/** Counts card fetches as method "card" and applies faults queued for that method (http, hold, delay, drop). */
function cardFront(scope, agent) {
  return (req, res, next) => {
    scope.count(agent, 'card');
    const fault = scope.takeFault('card', true);
    if (!fault) {
      next();
      return;
    }
    applyFault(scope, fault, req, res, next);
  };
}

function openGateOnFirstWrite(scope, req, res) {
  const taskId = req.body?.params?.id;
  if (typeof taskId !== 'string') {
    return;
  }
  const write = res.write;
  res.write = function (...args) {
    res.write = write;
    const result = write.apply(this, args);
    // The SDK subscribes to the task's event bus before it writes the first event, so the agent can go on.
    setImmediate(() => scope.gate(taskId).open());
    return result;
  };
}

function applyFault(scope, fault, req, res, next) {
  const id = req.body?.id;
  switch (fault.kind) {
    case 'http':
      if (fault.retryAfter !== undefined) {
        res.setHeader('Retry-After', String(fault.retryAfter));
      }
      res.status(fault.status ?? 503).type(fault.body ? 'application/json' : 'text/plain')
        .send(fault.body ?? 'Service Unavailable');
      return;
    case 'rpcError':
      res.status(fault.status ?? 200).type('application/json').send(rpcError(id, fault.code ?? -32603, fault.message ?? 'injected error'));
      return;
    case 'delay':
      setTimeout(next, fault.ms ?? 100);
      return;
    case 'hold':
      scope.held.push(() => next());
      return;
    case 'holdUntilFinished':
      scope.waitForFinished(req.body?.params?.id).then(() => next());
      return;
    case 'drop':
      req.socket.destroy();
      return;
    case 'dropAfter':
      replaceEnd(res, () => req.socket.destroy());
      next();
      return;
    case 'errorAfter':
      replaceEnd(res, (end) => {
        res.statusCode = fault.status ?? 500;
        res.removeHeader('Content-Length');
        res.setHeader('Content-Type', 'application/json');
        end.call(res, rpcError(id, fault.code ?? -32603, 'injected error after processing'));
      });
      next();
      return;
    case 'dropStream': {
      let events = 0;
      const write = res.write;
      res.write = function (chunk, ...rest) {
        const result = write.call(this, chunk, ...rest);
        if (String(chunk).startsWith('data:') && ++events >= (fault.events ?? 1)) {
          res.write = () => true;
          res.end = () => res;
          setImmediate(() => req.socket.destroy());
        }
        return result;
      };
      next();
      return;
    }
    case 'oversized': {
      const size = fault.bytes ?? 8 * 1024 * 1024;
      const head = `{"jsonrpc":"2.0","id":${JSON.stringify(id ?? null)},"result":{"message":{"messageId":"m","role":"ROLE_AGENT","parts":[{"text":"`;
      const tail = '"}]}}}';
      res.status(200).type('application/json');
      if (!fault.chunked) {
        res.setHeader('Content-Length', String(size));
      }
      res.write(head);
      writeFiller(res, size - head.length - tail.length, () => res.end(tail));
      return;
    }
    case 'malformed':
      res.status(200).type('application/json').send(`{"jsonrpc":"2.0","id":${JSON.stringify(id ?? null)},"result":{"task":{"id":"x"`);
      return;
    case 'wrongVersion':
      res.status(200).type('application/json').send(JSON.stringify({ jsonrpc: '1.0', id, result: {} }));
      return;
    case 'wrongId':
      res.status(200).type('application/json').send(JSON.stringify({ jsonrpc: '2.0', id: `not-${id}`, result: { message: { messageId: 'm', role: 'ROLE_AGENT', parts: [{ text: 'x' }] } } }));
      return;
    case 'rpcResult':
      res.status(200).type('application/json').send(JSON.stringify({ jsonrpc: '2.0', id, result: fault.result ?? null }));
      return;
    case 'unknownResult':
      res.status(200).type('application/json').send(JSON.stringify({ jsonrpc: '2.0', id, result: { surprise: 42 } }));
      return;
    case 'sseEndless': {
      sseHead(res);
      const event = `data: ${JSON.stringify({ jsonrpc: '2.0', id, result: { statusUpdate: { taskId: 't', contextId: 'c', status: { state: 'TASK_STATE_WORKING' } }, kind: 'status-update', taskId: 't', contextId: 'c', status: { state: 'working' }, final: false } })}\n\n`;
      const burst = event.repeat(fault.perTick ?? 1);
      const timer = setInterval(() => res.write(burst), fault.intervalMs ?? 5);
      res.on('close', () => clearInterval(timer));
      return;
    }
    case 'sseSilent':
      sseHead(res);
      scope.held.push(() => res.end());
      return;
    case 'sseHugeEvent': {
      sseHead(res);
      res.write('data: {"jsonrpc":"2.0","result":"');
      let closed = false;
      res.on('close', () => { closed = true; });
      const chunk = 'x'.repeat(64 * 1024);
      const pump = () => {
        while (!closed && res.write(chunk)) { /* fill the socket buffer */ }
        if (!closed) {
          res.once('drain', pump);
        }
      };
      pump();
      return;
    }
    default:
      res.status(400).type('text/plain').send(`unknown fault kind ${fault.kind}`);
  }
}

function sseHead(res) {
  res.status(200);
  res.setHeader('Content-Type', 'text/event-stream');
  res.setHeader('Cache-Control', 'no-cache');
  res.flushHeaders();
}

function writeFiller(res, remaining, done) {
  const chunk = 'x'.repeat(64 * 1024);
  let closed = false;
  res.on('close', () => { closed = true; });
  const pump = () => {
    while (!closed && remaining > 0) {
      const piece = remaining >= chunk.length ? chunk : chunk.slice(0, remaining);
      remaining -= piece.length;
      if (!res.write(piece)) {
        res.once('drain', pump);
        return;
      }
    }
    if (!closed) {
      done();
    }
  };
  pump();
}

/** Lets the SDK produce its answer, then hands `res.end` to `action` instead of sending it. */
function replaceEnd(res, action) {
  const end = res.end;
  const write = res.write;
  res.write = () => true;
  res.end = function () {
    res.end = end;
    res.write = write;
    action(end);
    return res;
  };
}

// ---------------------------------------------------------------------------------------------------
const app = express();
app.disable('x-powered-by');
app.use('/s/:scope/:agent', (req, res, next) => {
  if (!AGENTS.has(req.params.agent)) {
    res.status(404).type('text/plain').send('no such agent');
    return;
  }
  scopeOf(req.params.scope).router(req.params.agent)(req, res, next);
});

const admin = express();
admin.disable('x-powered-by');
admin.use(express.json());
admin.post('/s/:scope/faults', (req, res) => {
  const faults = Array.isArray(req.body) ? req.body : [req.body];
  scopeOf(req.params.scope).faults.push(...faults);
  res.json({ queued: faults.length });
});
admin.get('/s/:scope/counts', (req, res) => res.json(scopeOf(req.params.scope).counts));
admin.get('/s/:scope/wait', async (req, res) => {
  const reached = await scopeOf(req.params.scope).waitFor(req.query.method, Number(req.query.count ?? 1));
  res.json({ reached });
});
admin.post('/s/:scope/release', (req, res) => {
  const scope = scopeOf(req.params.scope);
  const held = scope.held;
  scope.held = [];
  held.forEach((release) => release());
  res.json({ released: held.length });
});
admin.post('/s/:scope/reset', (req, res) => {
  scopeOf(req.params.scope).reset();
  res.json({ reset: true });
});
admin.post('/shutdown', (req, res) => {
  res.json({ bye: true });
  setImmediate(() => process.exit(0));
});

const server = app.listen(0, HOST, () => {
  a2aPort = server.address().port;
  const adminServer = admin.listen(0, HOST, () => {
    process.stdout.write(`${JSON.stringify({ port: a2aPort, adminPort: adminServer.address().port })}\n`);
  });
});

// The fixture kills the process on dispose; also exit when the parent goes away (stdin closes).
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => process.exit(0));
}
