// AivenApi over HTTP: the organization VPC endpoints of https://api.aiven.io/v1 (or the sandbox).
import type { Logger } from '../../logger';
import type { AivenPeering, OrgVpc, OrgVpcDetails, PeeringSpec } from '../../peering/model';
import type { AivenApi, PeerCidrsUpdate } from '../../peering/ports';
import { AivenApiError, isRetryableStatus, UnexpectedBodyError } from './errors';
import {
  toCreatePeeringRequest,
  toOrgVpcDetails,
  toOrgVpcList,
  toPeerCidrsRequest,
  toPeering,
} from './mapping';
import { backoffDelayMs, DEFAULT_RETRY, type RetryPolicy, retryAfterDelayMs } from './retry';
import type { WireErrorBody } from './wire';

export { AivenApiError, isRetryableAivenError } from './errors';

export interface AivenClientOptions {
  apiUrl: string;
  token: string;
  organizationId: string;
  logger: Logger;
  /** Per try, not per call. Default 10000. */
  timeoutMs?: number;
  retry?: RetryPolicy;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

interface Call {
  method: Method;
  path: string;
  body?: unknown;
  /** Deletes: 404 means already gone, and the answer's body is not needed. */
  isDelete?: boolean;
}

const DEFAULT_TIMEOUT_MS = 10_000;

function inWords(ms: number): string {
  return ms >= 1000 ? `${Number((ms / 1000).toFixed(1))} s` : `${ms} ms`;
}

function aivenMessageOf(body: unknown, status: number, statusText: string): string {
  if (typeof body === 'object' && body !== null) {
    const error = body as WireErrorBody;
    if (typeof error.message === 'string' && error.message !== '') return error.message;
    const first = Array.isArray(error.errors) ? error.errors[0]?.message : undefined;
    if (typeof first === 'string' && first !== '') return first;
  }
  return `Aiven answered HTTP ${status}${statusText ? ` ${statusText}` : ''} without an error message`;
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

function networkMessage(err: unknown, host: string): string {
  const cause =
    err instanceof Error ? (err.cause as { code?: unknown; message?: unknown } | undefined) : undefined;
  const detail =
    typeof cause?.code === 'string' ? cause.code : typeof cause?.message === 'string' ? cause.message : '';
  return `Could not reach Aiven at ${host}${detail ? ` (${detail})` : ''}`;
}

export function makeAivenClient(options: AivenClientOptions): AivenApi {
  const base = options.apiUrl.replace(/\/+$/, '');
  const host = new URL(base).host;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const policy = options.retry ?? DEFAULT_RETRY;
  const doFetch = options.fetch ?? fetch;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const random = options.random ?? Math.random;
  const log = options.logger;
  const orgPath = `/organization/${encodeURIComponent(options.organizationId)}`;
  const vpcPath = (orgVpcId: string) => `${orgPath}/vpcs/${encodeURIComponent(orgVpcId)}`;

  // Retry-After travels beside the error rather than on it: it's a detail of this client's loop.
  const retryAfter = new WeakMap<AivenApiError, number | undefined>();

  /** One try. Resolves with the parsed body, or throws an AivenApiError carrying whether to retry. */
  async function attempt(call: Call): Promise<{ body: unknown; status: number }> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    const started = Date.now();
    const fail = (fields: Omit<ConstructorParameters<typeof AivenApiError>[0], 'method' | 'path'>) =>
      new AivenApiError({ ...fields, method: call.method, path: call.path });
    try {
      const headers: Record<string, string> = {
        Authorization: `aivenv1 ${options.token}`,
        Accept: 'application/json',
      };
      if (call.body !== undefined) headers['Content-Type'] = 'application/json';
      const init: RequestInit = { method: call.method, headers, signal: controller.signal };
      if (call.body !== undefined) init.body = JSON.stringify(call.body);
      let response: Response;
      let text: string;
      try {
        response = await doFetch(`${base}${call.path}`, init);
        // The body is read under the same timer: a server can hang after sending headers.
        text = await response.text();
      } catch (err) {
        const ms = Date.now() - started;
        if (controller.signal.aborted) {
          log.debug({ method: call.method, path: call.path, ms, outcome: 'timeout' }, 'aiven request');
          throw fail({
            kind: 'timeout',
            aivenMessage: `Aiven did not answer within ${inWords(timeoutMs)}`,
            retryable: true,
          });
        }
        log.debug({ method: call.method, path: call.path, ms, outcome: 'network error' }, 'aiven request');
        throw fail({ kind: 'network', aivenMessage: networkMessage(err, host), retryable: true, cause: err });
      }
      const status = response.status;
      log.debug({ method: call.method, path: call.path, status, ms: Date.now() - started }, 'aiven request');
      const parsed = text === '' ? { ok: true as const, value: undefined } : parseJson(text);

      if (status === 404 && call.isDelete) return { body: undefined, status };
      if (status >= 400) {
        const error = fail({
          kind: 'http',
          status,
          aivenMessage: aivenMessageOf(parsed.ok ? parsed.value : undefined, status, response.statusText),
          retryable: isRetryableStatus(status),
        });
        if (status === 429)
          retryAfter.set(error, retryAfterDelayMs(response.headers.get('retry-after'), policy));
        throw error;
      }
      if (call.isDelete) return { body: undefined, status };
      if (!parsed.ok || parsed.value === undefined) {
        throw fail({
          kind: 'http',
          status,
          aivenMessage: `Aiven sent an unexpected response: ${parsed.ok ? 'an empty body' : 'a body that is not JSON'}`,
          // A 2xx to a POST or PUT means it may have taken effect: the caller must look, not give up.
          retryable: call.method === 'POST' || call.method === 'PUT',
        });
      }
      return { body: parsed.value, status };
    } finally {
      clearTimeout(timer);
    }
  }

  async function request(call: Call): Promise<unknown> {
    // A POST may have taken effect even when its answer was lost; retrying it could create a second
    // peering (Aiven accepts duplicates), so only the caller, after looking, may try again. The same
    // for the CIDR PUT: a second add of a CIDR Aiven already added may be refused.
    const sentOnce = call.method === 'POST' || call.method === 'PUT';
    const tries = sentOnce ? 1 : Math.max(1, policy.attempts);
    for (let n = 1; ; n++) {
      try {
        return (await attempt(call)).body;
      } catch (err) {
        if (!(err instanceof AivenApiError)) throw err;
        err.attempts = n;
        if (!err.retryable || n >= tries) throw err;
        const delay = retryAfter.get(err) ?? backoffDelayMs(policy, n - 1, random);
        log.debug(
          {
            method: call.method,
            path: call.path,
            status: err.status,
            kind: err.kind,
            attempt: n,
            delayMs: delay,
          },
          'retrying aiven request',
        );
        await sleep(delay);
      }
    }
  }

  /** Turns a shape problem in a 2xx body into the same error type as everything else. */
  function mapped<T>(call: Call, map: () => T): T {
    try {
      return map();
    } catch (err) {
      if (!(err instanceof UnexpectedBodyError)) throw err;
      throw new AivenApiError({
        kind: 'http',
        status: 200,
        aivenMessage: `Aiven sent an unexpected response: ${err.message}`,
        method: call.method,
        path: call.path,
        // As above: a 2xx to a POST may have created something; only a look can tell.
        retryable: call.method === 'POST',
        cause: err,
      });
    }
  }

  const onUnknownState = (state: string, peeringId: string) =>
    log.warn(
      { state, peeringId },
      'aiven reported a peering state this version does not know; shown as ERROR',
    );

  return {
    async listOrgVpcs(): Promise<OrgVpc[]> {
      const call: Call = { method: 'GET', path: `${orgPath}/vpcs` };
      const body = await request(call);
      return mapped(call, () =>
        toOrgVpcList(body, (problem, raw) =>
          log.warn(
            { problem, organizationVpcId: (raw as { organization_vpc_id?: unknown })?.organization_vpc_id },
            'skipped an org VPC this version cannot read',
          ),
        ),
      );
    },

    async getOrgVpc(orgVpcId: string): Promise<OrgVpcDetails> {
      const call: Call = { method: 'GET', path: vpcPath(orgVpcId) };
      const body = await request(call);
      return mapped(call, () => toOrgVpcDetails(body, onUnknownState));
    },

    async createPeering(spec: PeeringSpec): Promise<AivenPeering> {
      const call: Call = {
        method: 'POST',
        path: `${vpcPath(spec.orgVpcId)}/peering-connections`,
        body: toCreatePeeringRequest(spec),
      };
      const body = await request(call);
      return mapped(call, () =>
        toPeering(body, 'response', {
          orgVpcId: spec.orgVpcId,
          defaultAwsRegion: spec.awsRegion,
          onUnknownState,
        }),
      );
    },

    async updatePeerCidrs(change: PeerCidrsUpdate) {
      const call: Call = {
        method: 'PUT',
        path: `${vpcPath(change.orgVpcId)}/peering-connections/${encodeURIComponent(change.peeringId)}/user-peer-network-cidrs`,
        body: toPeerCidrsRequest(change),
      };
      const body = await request(call);
      const details = mapped(call, () => toOrgVpcDetails(body, onUnknownState));
      return details.peerings.find((peering) => peering.id === change.peeringId);
    },

    async deletePeering(orgVpcId: string, peeringId: string): Promise<void> {
      await request({
        method: 'DELETE',
        path: `${vpcPath(orgVpcId)}/peering-connections/${encodeURIComponent(peeringId)}`,
        isDelete: true,
      });
    },
  };
}
