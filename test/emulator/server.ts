/**
 * The org emulator: a local HTTP server (127.0.0.1, ephemeral port) speaking the REST, Tooling and SOAP Metadata
 * subset that @salesforce/core 8 / jsforce 3 use. See README.md in this folder and shared/TESTING.md.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cloneFixture, type Fixture, type FixtureSharingSet, loadFixture, validateFixture } from './fixture.js';
import { FaultPlan, type FaultRule, isWrite, type LatencyRule, type LogEntry, type RequestKind } from './faults.js';
import { OrgData } from './orgdata.js';
import { faultXml, MetadataStore, parseSoapRequest, SoapFault, type SoapRequest, WRITE_OPERATIONS } from './soap.js';
import { SoqlError } from './soql.js';
import {
  describedAs,
  type EmulatorBehaviours,
  jwtLikeToken,
  metadataAccessFault,
  normalisedOnWrite,
  refusedQuery,
  timesOutOverIn,
} from './behaviours.js';

export type EmulatorOptions = {
  /** A fixture object, a fixture name in test/fixtures/orgs (`demo`), or a path to a JSON fixture. */
  fixture: Fixture | string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Delay added to every API request, in ms. */
  latencyMs?: number;
  /** Per-request latency overriding latencyMs for the requests they match (first match wins). */
  latency?: LatencyRule[];
  faults?: FaultRule[];
  /** Records per query batch (Salesforce's default is 2000). */
  queryBatchSize?: number;
  /** Highest API version advertised by GET /services/data. */
  apiVersion?: string;
  /** Real-org behaviours a plain emulated org does not show (behaviours.ts). */
  behaviours?: EmulatorBehaviours;
};

export type EmulatorState = {
  orgId: string;
  username: string;
  tokenExpired: boolean;
  sharingSets: FixtureSharingSet[];
  limits: { dailyApiMax: number; dailyApiRemaining: number };
  faults: ReturnType<FaultPlan['describe']>;
  requests: number;
};

export type Emulator = {
  url: string;
  port: number;
  token: string;
  username: string;
  orgId: string;
  userId: string;
  /** Live request log (API requests only; control requests are not logged). */
  log: LogEntry[];
  /** Current org state (a copy). */
  readonly state: EmulatorState;
  /** Replaces (or, with append, extends) the fault rules. */
  setFaults(faults: FaultRule[], append?: boolean): void;
  setLatency(ms: number | undefined, rules?: LatencyRule[]): void;
  clearLog(): void;
  /** Makes the token invalid (every request then gets INVALID_SESSION_ID) or valid again. */
  expireToken(expired?: boolean): void;
  /** Log entries that changed or tried to change the org. */
  writeCalls(): LogEntry[];
  /** Log entries that did not. */
  readCalls(): LogEntry[];
  stop(): Promise<void>;
};

type Reply = { status: number; contentType: string; body: string };

const json = (status: number, value: unknown): Reply => ({
  status,
  contentType: 'application/json;charset=UTF-8',
  body: JSON.stringify(value),
});
const restError = (status: number, errorCode: string, message: string): Reply => json(status, [{ message, errorCode }]);
const notFound = (): Reply => restError(404, 'NOT_FOUND', 'The requested resource does not exist');
const soapReply = (status: number, xml: string): Reply => ({
  status,
  contentType: 'text/xml;charset=UTF-8',
  body: xml,
});

const VERSION_LABELS: Record<string, string> = {
  '58.0': "Summer '23",
  '59.0': "Winter '24",
  '60.0': "Spring '24",
  '61.0': "Summer '24",
  '62.0': "Winter '25",
  '63.0': "Spring '25",
  '64.0': "Summer '25",
  '65.0': "Winter '26",
};

const readBody = (req: IncomingMessage): Promise<string> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

type Cursor = { records: Array<Record<string, unknown>>; next: number; totalSize: number; batch: number; base: string };

/** Starts an emulator; always `await stop()` it (tests: in an after hook). */
export const startEmulator = async (options: EmulatorOptions): Promise<Emulator> => {
  const fixture = cloneFixture(
    typeof options.fixture === 'string' ? loadFixture(options.fixture) : validateFixture(options.fixture)
  );
  const apiVersion = options.apiVersion ?? '62.0';
  const behaviours = options.behaviours ?? {};
  if (behaviours.jwtToken) fixture.org.token = jwtLikeToken(fixture.org.id);
  let concurrencyBursts = behaviours.concurrencyLimitBursts ?? 0;
  const runningUser =
    fixture.users.find((u) => u.id === fixture.org.userId) ??
    fixture.users.find((u) => u.username.toLowerCase() === fixture.org.username.toLowerCase());
  const userId = fixture.org.userId ?? runningUser?.id ?? '005000000000001AAA';
  const savedProfileNames = fixture.profiles.map((p) => p.name);
  const data = new OrgData(withBehaviours(fixture, behaviours, userId));
  const store = new MetadataStore(fixture.sharingSets, data, () => savedProfileNames, {
    id: userId,
    name: runningUser?.name ?? 'Admin User',
  });
  data.sharingSets = (): FixtureSharingSet[] => store.list();
  if (behaviours.normalisesOnWrite) store.keep = normalisedOnWrite(data);
  const plan = new FaultPlan(options.latencyMs ?? 0);
  plan.set(options.faults ?? []);
  plan.setLatency(undefined, options.latency);
  const limits = {
    dailyApiMax: fixture.limits?.dailyApiMax ?? 15_000,
    dailyApiRemaining: fixture.limits?.dailyApiRemaining ?? 15_000,
  };
  const log: LogEntry[] = [];
  const cursors = new Map<string, Cursor>();
  let seq = 0;
  let cursorSeq = 0;
  let tokenExpired = false;
  const batchDefault = options.queryBatchSize ?? 2000;

  const tokenOk = (token: string | undefined): boolean => !tokenExpired && token === fixture.org.token;
  const bearer = (req: IncomingMessage): string | undefined =>
    /^(?:Bearer|OAuth)\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1];

  const state = (): EmulatorState => ({
    orgId: fixture.org.id,
    username: fixture.org.username,
    tokenExpired,
    sharingSets: store.list(),
    limits: { ...limits },
    faults: plan.describe(),
    requests: log.length,
  });

  const queryReply = (soql: string, version: string, tooling: boolean, batchHeader: string | undefined): Reply => {
    const batch = Math.min(
      2000,
      Math.max(200, Number(/batchSize=(\d+)/i.exec(batchHeader ?? '')?.[1] ?? batchDefault))
    );
    const effectiveBatch = batchHeader ? batch : batchDefault;
    if (timesOutOverIn(soql, behaviours.queryTimeoutOverIn)) {
      return restError(400, 'QUERY_TIMEOUT', 'Your query request was running for too long.');
    }
    const refused = refusedQuery(soql, tooling, behaviours);
    if (refused) return restError(400, refused.errorCode, refused.message);
    try {
      const outcome = data.query(soql, { version, tooling });
      if (!outcome.queryMore && outcome.records.length > effectiveBatch) {
        return restError(
          400,
          'EXCEEDED_ID_LIMIT',
          `${outcome.entity} does not support queryMore(), use LIMIT to restrict the results to a single batch`
        );
      }
      const base = `/services/data/v${version}/${tooling ? 'tooling/' : ''}query`;
      return json(
        200,
        page({ records: outcome.records, next: 0, totalSize: outcome.totalSize, batch: effectiveBatch, base })
      );
    } catch (e) {
      if (e instanceof SoqlError) return restError(400, e.errorCode, e.message);
      throw e;
    }
  };

  const columnsReply = (soql: string, version: string, tooling: boolean): Reply => {
    try {
      return json(200, data.columns(soql, { version, tooling }));
    } catch (e) {
      if (e instanceof SoqlError) return restError(400, e.errorCode, e.message);
      throw e;
    }
  };

  const page = (c: Cursor): Record<string, unknown> => {
    const records = c.records.slice(c.next, c.next + c.batch);
    const next = c.next + records.length;
    const done = next >= c.records.length;
    const out: Record<string, unknown> = { totalSize: c.totalSize, done };
    if (!done) {
      const id = `01g${String(++cursorSeq).padStart(12, '0')}AAA`;
      cursors.set(id, { ...c, next });
      out.nextRecordsUrl = `${c.base}/${id}-${next}`;
    }
    out.records = records;
    return out;
  };

  /** REST and Tooling routes below /services/data (also used for composite subrequests). */
  // eslint-disable-next-line complexity -- a router: one branch per emulated endpoint
  const routeRest = (method: string, url: URL, body: string, headers: IncomingMessage['headers']): Reply => {
    const path = url.pathname;
    if (path === '/services/data' || path === '/services/data/') {
      return json(
        200,
        Object.keys(VERSION_LABELS)
          .filter((v) => Number(v) <= Number(apiVersion))
          .map((version) => ({ label: VERSION_LABELS[version], url: `/services/data/v${version}`, version }))
      );
    }
    if (path === '/services/oauth2/userinfo') {
      /* eslint-disable camelcase -- the OpenID Connect userinfo fields are snake_case on the wire */
      return json(200, {
        sub: `${url.origin}/id/${fixture.org.id}/${userId}`,
        user_id: userId,
        organization_id: fixture.org.id,
        preferred_username: fixture.org.username,
        nickname: fixture.org.username.split('@')[0],
        name: runningUser?.name ?? 'Admin User',
        email: fixture.org.username,
        email_verified: true,
        active: true,
        user_type: 'STANDARD',
        language: 'en_US',
        locale: 'en_US',
        utcOffset: 0,
        urls: {
          rest: `${url.origin}/services/data/v{version}/`,
          metadata: `${url.origin}/services/Soap/m/{version}/${fixture.org.id.slice(0, 15)}`,
        },
      });
      /* eslint-enable camelcase */
    }
    const m = /^\/services\/data\/v(\d+\.\d)(\/tooling)?\/(.*?)\/?$/.exec(path);
    if (!m) return notFound();
    const [, version, toolingPart, rest] = m;
    const tooling = Boolean(toolingPart);
    const segs = rest.split('/').map(decodeURIComponent);
    if ((segs[0] === 'query' || segs[0] === 'queryAll') && method === 'GET') {
      if (segs.length === 1) {
        const q = url.searchParams.get('q');
        if (!q) return restError(400, 'MALFORMED_QUERY', 'A query string has to be specified');
        if (url.searchParams.get('columns') === 'true') return columnsReply(q, version, tooling);
        return queryReply(q, version, tooling, headers['sforce-query-options'] as string | undefined);
      }
      const locator = /^(01g[A-Za-z0-9]{15})-(\d+)$/.exec(segs[1]);
      const cursor = locator ? cursors.get(locator[1]) : undefined;
      if (!locator || !cursor) return restError(400, 'INVALID_QUERY_LOCATOR', 'invalid query locator');
      return json(200, page({ ...cursor, next: Number(locator[2]) }));
    }
    if (segs[0] === 'limits' && segs[1] === 'recordCount' && segs.length === 2 && !tooling && method === 'GET') {
      // REST API "Record Count": approximate counts of the named objects; unknown names are left out
      // (docs/salesforce-facts.md §6).
      const names = (url.searchParams.get('sObjects') ?? '').split(',').filter(Boolean);
      const sObjects = names.flatMap((name) => {
        const table = data.table(name);
        if (!table?.describable) return [];
        const emulated = Object.entries(behaviours.recordCounts ?? {}).find(
          ([object]) => object.toLowerCase() === table.name.toLowerCase()
        )?.[1];
        return [{ count: emulated ?? data.count(table.name), name: table.name }];
      });
      return json(200, { sObjects });
    }
    if (segs[0] === 'limits' && segs.length === 1 && !tooling) {
      return json(200, {
        DailyApiRequests: { Max: limits.dailyApiMax, Remaining: limits.dailyApiRemaining },
        DailyBulkApiBatches: { Max: 15_000, Remaining: 15_000 },
        DailyAsyncApexExecutions: { Max: 250_000, Remaining: 250_000 },
        DataStorageMB: { Max: 1024, Remaining: 1024 },
        FileStorageMB: { Max: 1024, Remaining: 1024 },
      });
    }
    if (segs[0] === 'sobjects') {
      if (segs.length === 1) return method === 'GET' ? json(200, data.describeGlobal(version)) : notFound();
      const table = data.table(segs[1]);
      if (segs[2] === 'describe' && segs.length === 3 && method === 'GET') {
        const d = data.describe(segs[1], version);
        return d ? json(200, describedAs(d, behaviours)) : notFound();
      }
      if (!table) return notFound();
      if (segs.length === 2) {
        if (method === 'GET')
          return json(200, {
            objectDescribe: { name: table.name, label: table.label, custom: table.custom, keyPrefix: table.keyPrefix },
            recentItems: [],
          });
        if (method === 'POST') {
          // Accepted but not stored: the plugin never writes records; the call is logged as a write.
          return json(201, { id: `${table.keyPrefix}${String(Date.now()).slice(-12)}AAA`, success: true, errors: [] });
        }
      }
      if (segs.length === 3) {
        if (method === 'GET') {
          const r = data.record(table.name, segs[2], version);
          return r ? json(200, r) : notFound();
        }
        if (['PATCH', 'DELETE', 'PUT'].includes(method))
          return { status: 204, contentType: 'application/json', body: '' };
      }
      return notFound();
    }
    if (segs[0] === 'composite' && segs.length === 1 && method === 'POST' && !tooling)
      return composite(body, url, headers);
    return notFound();
  };

  const composite = (body: string, url: URL, headers: IncomingMessage['headers']): Reply => {
    let parsed: { compositeRequest?: Array<{ method?: string; url?: string; referenceId?: string; body?: unknown }> };
    try {
      parsed = JSON.parse(body) as typeof parsed;
    } catch {
      return restError(400, 'JSON_PARSER_ERROR', 'The request body is not valid JSON');
    }
    const subs = parsed.compositeRequest;
    if (!Array.isArray(subs) || subs.length === 0) {
      return restError(400, 'INVALID_INPUT', 'compositeRequest must contain at least one subrequest');
    }
    if (subs.length > 25) {
      return restError(400, 'LIMIT_EXCEEDED', `Maximum number of subrequests (25) exceeded: ${subs.length}`);
    }
    const compositeResponse = subs.map((s) => {
      const method = (s.method ?? 'GET').toUpperCase();
      const subUrl = new URL((s.url ?? '').replace(/^\/+/, '/'), url.origin);
      const r =
        method === 'GET'
          ? routeRest(method, subUrl, '', headers)
          : restError(400, 'INVALID_INPUT', `The emulator only runs GET subrequests, not ${method}`);
      return {
        body: r.body ? (JSON.parse(r.body) as unknown) : null,
        httpHeaders: {},
        httpStatusCode: r.status,
        referenceId: s.referenceId ?? '',
      };
    });
    return json(200, { compositeResponse });
  };

  // eslint-disable-next-line complexity -- one branch per kind of request
  const classify = (method: string, url: URL, body: string): Omit<LogEntry, 'seq' | 'start'> => {
    const path = url.pathname;
    const base = { method, path: url.pathname + url.search, write: false };
    if (path.startsWith('/services/Soap/m/')) {
      try {
        const req = parseSoapRequest(body);
        return {
          ...base,
          kind: 'soap',
          soapOperation: req.operation,
          ...(req.metadataType ? { metadataType: req.metadataType } : {}),
          ...(req.names.length ? { names: req.names } : {}),
          write: WRITE_OPERATIONS.has(req.operation),
        };
      } catch {
        return { ...base, kind: 'soap' };
      }
    }
    if (path === '/services/oauth2/userinfo') return { ...base, kind: 'auth' };
    if (path === '/services/data' || path === '/services/data/') return { ...base, kind: 'versions' };
    const m = /^\/services\/data\/v\d+\.\d(\/tooling)?\/([^/]+)(?:\/([^/]+))?(?:\/([^/]+))?/.exec(path);
    if (!m) return { ...base, kind: 'unknown' };
    const [, tooling, first, second, third] = m;
    let kind: RequestKind = 'unknown';
    const extra: Partial<LogEntry> = {};
    if (first === 'query' || first === 'queryAll') {
      kind = tooling ? 'tooling-query' : 'rest-query';
      const q = url.searchParams.get('q');
      if (q) extra.soql = q;
    } else if (first === 'limits') kind = 'limits';
    else if (first === 'composite') {
      kind = 'composite';
      try {
        const subs =
          (JSON.parse(body) as { compositeRequest?: Array<{ url?: string; method?: string }> }).compositeRequest ?? [];
        extra.subrequests = subs.map((s) => s.url ?? '');
        extra.write = subs.some((s) => (s.method ?? 'GET').toUpperCase() !== 'GET');
      } catch {
        // unparseable bodies are answered (and logged) as such
      }
    } else if (first === 'sobjects') {
      kind = third === 'describe' ? 'describe' : second ? 'sobject' : 'describe-global';
      if (second === 'User' && third && third !== 'describe' && method === 'GET') kind = 'auth';
    }
    const entry = { ...base, kind, ...extra };
    return { ...entry, write: isWrite(entry as LogEntry) };
  };

  const faultReply = (fault: FaultRule['fault'], soap: boolean): Reply | undefined => {
    switch (fault) {
      case 'http500':
        return soap
          ? soapReply(
              500,
              faultXml(
                'sf:UNKNOWN_EXCEPTION',
                'UNKNOWN_EXCEPTION: An unexpected error occurred. Please include this ErrorId if you contact support: 1234567-8901 (-1)'
              )
            )
          : restError(
              500,
              'UNKNOWN_EXCEPTION',
              'An unexpected error occurred. Please include this ErrorId if you contact support: 1234567-8901 (-1)'
            );
      case 'http503':
        return soap
          ? soapReply(503, faultXml('sf:SERVER_UNAVAILABLE', 'SERVER_UNAVAILABLE: Server temporarily unavailable'))
          : restError(503, 'SERVER_UNAVAILABLE', 'Server temporarily unavailable');
      case 'invalid-session':
        return invalidSession(soap);
      case 'request-limit':
        return soap
          ? soapReply(
              500,
              faultXml('sf:REQUEST_LIMIT_EXCEEDED', 'REQUEST_LIMIT_EXCEEDED: TotalRequests Limit exceeded.')
            )
          : restError(403, 'REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.');
      case 'concurrent-limit': {
        // Captured text of the concurrent-request refusal (docs/salesforce-facts.md §6, [UNC] as to wording).
        const text = 'ConcurrentRequests (Concurrent API Requests) Limit exceeded.';
        return soap
          ? soapReply(500, faultXml('sf:REQUEST_LIMIT_EXCEEDED', `REQUEST_LIMIT_EXCEEDED: ${text}`))
          : restError(403, 'REQUEST_LIMIT_EXCEEDED', text);
      }
      default:
        return undefined;
    }
  };

  const invalidSession = (soap: boolean): Reply =>
    soap
      ? soapReply(
          500,
          faultXml(
            'sf:INVALID_SESSION_ID',
            'INVALID_SESSION_ID: Invalid Session ID found in SessionHeader: Illegal Session'
          )
        )
      : restError(401, 'INVALID_SESSION_ID', 'Session expired or invalid');

  const hanging = new Set<ServerResponse>();

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL((req.url ?? '/').replace(/^\/{2,}/, '/'), `http://${req.headers.host ?? '127.0.0.1'}`);
    const body = await readBody(req);
    const method = (req.method ?? 'GET').toUpperCase();
    if (url.pathname.startsWith('/__emulator/')) {
      send(res, control(method, url.pathname, body));
      return;
    }
    const entry: LogEntry = { seq: ++seq, start: Date.now(), ...classify(method, url, body) };
    log.push(entry);
    const soap = entry.kind === 'soap';
    const latency = plan.latencyFor(entry);
    if (latency > 0) await sleep(latency);
    const fault = plan.pick(entry);
    if (fault) entry.fault = fault.fault;
    const finish = (reply: Reply): void => {
      entry.status = reply.status;
      entry.end = Date.now();
      send(res, reply);
    };
    if (fault?.fault === 'hang') {
      hanging.add(res);
      res.on('close', () => hanging.delete(res));
      return;
    }
    if (fault?.fault === 'drop') {
      entry.status = 0;
      entry.end = Date.now();
      req.socket.destroy();
      return;
    }
    const injected = fault ? faultReply(fault.fault, soap) : undefined;
    if (injected) return finish(injected);
    if (concurrencyBursts > 0 && !['versions', 'auth'].includes(entry.kind)) {
      concurrencyBursts--;
      entry.fault = 'concurrent-limit';
      return finish(faultReply('concurrent-limit', soap) as Reply);
    }
    if (entry.kind !== 'versions') {
      if (limits.dailyApiRemaining <= 0) return finish(faultReply('request-limit', soap) as Reply);
      limits.dailyApiRemaining -= 1;
    }
    let reply: Reply;
    if (soap) {
      reply = runSoap(body, entry, fault);
    } else if (entry.kind !== 'versions' && !tokenOk(bearer(req))) {
      reply = invalidSession(false);
    } else {
      reply = routeRest(method, url, body, req.headers);
    }
    if (fault?.fault === 'malformed')
      reply = { ...reply, status: 200, body: reply.body.slice(0, Math.max(1, Math.floor(reply.body.length / 2))) };
    if (fault?.fault === 'lost-answer') {
      // Carried out above; only the answer is lost.
      entry.status = 0;
      entry.end = Date.now();
      req.socket.destroy();
      return;
    }
    finish(reply);
  };

  const runSoap = (body: string, entry: LogEntry, fault: FaultRule | undefined): Reply => {
    let request: SoapRequest;
    try {
      request = parseSoapRequest(body);
      if (!tokenOk(request.sessionId)) return invalidSession(true);
      if (behaviours.metadataNeedsModifyAll) throw metadataAccessFault();
      const failName =
        fault?.fault === 'partial' && WRITE_OPERATIONS.has(request.operation)
          ? fault.name ?? request.names[request.names.length - 1]
          : undefined;
      const r = store.execute(request, {
        ...(failName !== undefined ? { failName } : {}),
        ...(behaviours.exactCaseReadMetadata ? { exactCaseReadMetadata: true } : {}),
      });
      return soapReply(r.status, r.xml);
    } catch (e) {
      if (e instanceof SoapFault) return soapReply(e.status, faultXml(e.faultcode, e.faultstring));
      // eslint-disable-next-line no-param-reassign -- the log entry records that this request failed
      entry.fault = entry.fault ?? 'http500';
      return soapReply(500, faultXml('sf:UNKNOWN_EXCEPTION', `UNKNOWN_EXCEPTION: ${(e as Error).message}`));
    }
  };

  const control = (method: string, path: string, body: string): Reply => {
    const input = (body ? JSON.parse(body) : {}) as {
      faults?: FaultRule[];
      append?: boolean;
      latencyMs?: number;
      latency?: LatencyRule[];
      expired?: boolean;
    };
    if (path === '/__emulator/faults' && method === 'POST') {
      if (input.faults) plan.set(input.faults, input.append);
      plan.setLatency(input.latencyMs, input.latency);
      return json(200, plan.describe());
    }
    if (path === '/__emulator/faults' && method === 'GET') return json(200, plan.describe());
    if (path === '/__emulator/log' && method === 'GET') return json(200, log);
    if (path === '/__emulator/reset-log' && method === 'POST') {
      log.length = 0;
      return json(200, { ok: true });
    }
    if (path === '/__emulator/state' && method === 'GET') return json(200, state());
    if (path === '/__emulator/token' && method === 'POST') {
      tokenExpired = input.expired ?? true;
      return json(200, { tokenExpired });
    }
    return notFound();
  };

  const send = (res: ServerResponse, reply: Reply): void => {
    if (res.destroyed) return;
    res.writeHead(reply.status, { 'Content-Type': reply.contentType, 'Content-Length': Buffer.byteLength(reply.body) });
    res.end(reply.body);
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) send(res, restError(500, 'UNKNOWN_EXCEPTION', `emulator error: ${(e as Error).message}`));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  let stopped = false;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    token: fixture.org.token,
    username: fixture.org.username,
    orgId: fixture.org.id,
    userId,
    log,
    get state(): EmulatorState {
      return state();
    },
    setFaults: (faults, append) => plan.set(faults, append),
    setLatency: (ms, rules) => plan.setLatency(ms, rules),
    clearLog: (): void => {
      log.length = 0;
    },
    expireToken: (expired = true): void => {
      tokenExpired = expired;
    },
    writeCalls: (): LogEntry[] => log.filter((e) => e.write),
    readCalls: (): LogEntry[] => log.filter((e) => !e.write),
    stop: async (): Promise<void> => {
      if (stopped) return;
      stopped = true;
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
};

/** Reads an emulator's log over HTTP (for a process that did not start it). */
export const fetchLog = async (url: string): Promise<LogEntry[]> =>
  (await (await fetch(`${url}/__emulator/log`)).json()) as LogEntry[];

/** Sets fault rules over HTTP. */
export const postFaults = async (
  url: string,
  body: { faults?: FaultRule[]; append?: boolean; latencyMs?: number; latency?: LatencyRule[] }
): Promise<void> => {
  await fetch(`${url}/__emulator/faults`, {
    method: 'POST',
    body: JSON.stringify(body),
    headers: { 'content-type': 'application/json' },
  });
};

/** The fixture as the running user sees it under `behaviours`: their language, translated profile names. */
function withBehaviours(fixture: Fixture, behaviours: EmulatorBehaviours, userId: string): Fixture {
  const translated = behaviours.translatedProfiles ?? {};
  return {
    ...fixture,
    users: fixture.users.map((user) =>
      user.id === userId && behaviours.userLanguage ? { ...user, language: behaviours.userLanguage } : user
    ),
    profiles: fixture.profiles.map((profile) => ({ ...profile, name: translated[profile.name] ?? profile.name })),
  };
}
