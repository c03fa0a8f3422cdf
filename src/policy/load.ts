// Reads POLICY_FILE at start-up. Imported with import() only when POLICY_FILE is set, so the YAML
// parser never loads on a cold start without a policy (the Slack HTTP function stays lean).
import { readFile } from 'node:fs/promises';
import { parseDocument } from 'yaml';
import { type Config, ConfigError } from '../config';
import { type PolicyFile, policyProblems } from './schema';

/** Parses the text of a policy file; every problem names the file and the key. */
export function parsePolicyText(text: string, path: string): PolicyFile {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new ConfigError(
      doc.errors.map((e) => `POLICY_FILE ${path}: not valid YAML: ${e.message.split('\n')[0]}`),
    );
  }
  const result = policyProblems(doc.toJS());
  if ('problems' in result) throw new ConfigError(result.problems.map((p) => `POLICY_FILE ${path}: ${p}`));
  return result.policy;
}

/**
 * The simple settings and the file must not disagree: rather than guess which was meant, refuse to
 * start. The file wins where both can speak (approvers, accounts); REQUESTERS and ALLOWED_CHANNELS
 * stay outer gates, so a team member or channel they exclude is a contradiction.
 */
export function contradictions(policy: PolicyFile, config: Config): string[] {
  const problems: string[] = [];
  if (policy.approvals && config.approvers.length > 0) {
    const a = [...policy.approvals.approvers].sort().join(',');
    const b = [...config.approvers].sort().join(',');
    if (a !== b)
      problems.push(
        `APPROVERS (${config.approvers.join(',')}) contradicts POLICY_FILE approvals.approvers (${policy.approvals.approvers.join(',')}): unset APPROVERS or make them equal`,
      );
  }
  if (
    policy.approvals &&
    config.approvalsRequired > 1 &&
    config.approvalsRequired !== policy.approvals.required
  )
    problems.push(
      `APPROVALS_REQUIRED (${config.approvalsRequired}) contradicts POLICY_FILE approvals.required (${policy.approvals.required}): unset APPROVALS_REQUIRED or make them equal`,
    );
  for (const [name, team] of Object.entries(policy.teams)) {
    if (config.requesters.length > 0) {
      const outside = team.members.filter((m) => !m.startsWith('S') && !config.requesters.includes(m));
      if (outside.length > 0)
        problems.push(
          `teams.${name}.members: ${outside.join(', ')} not in REQUESTERS, so could never request: add them to REQUESTERS or unset it`,
        );
    }
    if (config.allowedChannels.length > 0) {
      const outside = (team.channels ?? []).filter((c) => !config.allowedChannels.includes(c));
      if (outside.length > 0)
        problems.push(
          `teams.${name}.channels: ${outside.join(', ')} not in ALLOWED_CHANNELS, so nobody could ask there: add them to ALLOWED_CHANNELS or unset it`,
        );
    }
  }
  return problems;
}

/** The config with its policy: per-team ExternalIds go to the accept work, the rest to the listeners. */
export function withPolicy(config: Config, policy: PolicyFile, path: string): Config {
  const problems = contradictions(policy, config);
  if (problems.length > 0) throw new ConfigError(problems.map((p) => `POLICY_FILE ${path}: ${p}`));
  const externalIds: Record<string, string> = {};
  for (const team of Object.values(policy.teams))
    if (team.accepter_external_id)
      for (const account of team.aws_accounts) externalIds[account] = team.accepter_external_id;
  return {
    ...config,
    policy,
    approvers: policy.approvals?.approvers ?? config.approvers,
    accept: { ...config.accept, externalIds },
  };
}

export async function loadPolicy(config: Config, path: string): Promise<Config> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new ConfigError([`POLICY_FILE: cannot read ${path} (${code}); it must be a readable YAML file`]);
  }
  return withPolicy(config, parsePolicyText(text, path), path);
}
