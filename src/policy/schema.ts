// The policy file's shape (POLICY_FILE), checked with zod. Each message says what a valid value looks
// like; parsePolicyText prefixes it with the key's path, e.g.
// `teams.payments.aws_accounts[1]: "1234" is not a 12-digit AWS account id, e.g. "111122223333"`.
import * as z from 'zod';

const quoted = (value: unknown) => JSON.stringify(value);

/** A Slack user (U..., W...) or user group (S...) id. */
const member = z.string().refine((v) => /^[UWS][A-Z0-9]{2,}$/.test(v), {
  error: (issue) =>
    `${quoted(issue.input)} is not a Slack user id (U..., W...) or user group id (S...), e.g. U0123ABCD or S0NETOPS`,
});

const accountId = z
  .string({
    error: (i) => `${quoted(i.input)} is not a 12-digit AWS account id in quotes, e.g. "111122223333"`,
  })
  .refine((v) => /^\d{12}$/.test(v), {
    error: (issue) => `${quoted(issue.input)} is not a 12-digit AWS account id, e.g. "111122223333"`,
  });

const channel = z.string().refine((v) => /^[CG][A-Z0-9]{2,}$/.test(v), {
  error: (issue) =>
    `${quoted(issue.input)} is not a Slack channel id, e.g. C0PAYMENTS (channel details > About)`,
});

const list = <T extends z.ZodType>(item: T, what: string) =>
  z.array(item, {
    error: `must be a list of ${what}, e.g. [${what === 'AWS account ids' ? '"111122223333"' : 'U0123ABCD'}]`,
  });

const teamName = /^[a-z0-9][a-z0-9_-]{0,62}$/;

const team = z.strictObject(
  {
    members: list(member, 'Slack user and user group ids').min(
      1,
      'must name at least one user or user group',
    ),
    aws_accounts: list(accountId, 'AWS account ids').min(
      1,
      'must name at least one AWS account, e.g. ["111122223333"]',
    ),
    channels: list(channel, 'Slack channel ids').optional(),
    accepter_external_id: z
      .string({ error: 'must be text, e.g. vpc-peer-payments-4f9a' })
      .regex(
        /^[\w+=,.@:/-]{2,1224}$/,
        'must be 2-1224 of A-Z a-z 0-9 + = , . @ : / _ -, e.g. vpc-peer-payments-4f9a',
      )
      .optional(),
  },
  { error: 'must be a team: members, aws_accounts, and optionally channels and accepter_external_id' },
);

const required = z
  .number({ error: 'must be a whole number of distinct approvers, e.g. 1' })
  .int('must be a whole number of distinct approvers, e.g. 1')
  .min(1, 'must be at least 1')
  .max(10, 'must be at most 10');

const approvalRule = z.strictObject(
  {
    approvers: list(member, 'Slack user and user group ids').min(1, 'must name at least one approver'),
    required: required.default(1),
  },
  { error: 'must be { approvers: [S0NETOPS], required: 2 }' },
);

const timestamp = z
  .union([z.date(), z.string()], {
    error: 'must be an ISO 8601 time with its zone, e.g. 2026-12-20T00:00:00Z',
  })
  .transform((v, ctx) => {
    const date = v instanceof Date ? v : new Date(v);
    const zoned = v instanceof Date || /(Z|[+-]\d\d:?\d\d)$/.test(v);
    if (Number.isNaN(date.getTime()) || !zoned) {
      ctx.addIssue({
        code: 'custom',
        message: `${quoted(v)} is not an ISO 8601 time with its zone, e.g. 2026-12-20T00:00:00Z`,
      });
      return z.NEVER;
    }
    return date.toISOString();
  });

const freeze = z
  .strictObject(
    {
      from: timestamp,
      to: timestamp,
      reason: z
        .string({ error: 'must be text saying why, e.g. Year-end change freeze' })
        .min(1, 'must say why'),
      override: list(member, 'Slack user and user group ids').default([]),
    },
    { error: 'must be { from, to, reason, override }' },
  )
  .refine((f) => f.from < f.to, { message: 'to must be after from', path: ['to'] });

export const policyFileSchema = z.strictObject(
  {
    teams: z
      .record(
        z.string().regex(teamName, 'team names are lower case letters, digits, - and _, e.g. payments'),
        team,
        {
          error:
            'must be a map of team name to team, e.g. teams: { payments: { members: [...], aws_accounts: [...] } }',
        },
      )
      .default({}),
    unlisted_accounts: z
      .enum(['refuse', 'allow'], { error: (i) => `${quoted(i.input)} must be refuse or allow` })
      .default('refuse'),
    approvals: z
      .strictObject(
        {
          approvers: list(member, 'Slack user and user group ids').min(1, 'must name at least one approver'),
          required: required.default(1),
          org_vpcs: z
            .record(z.string().min(1), approvalRule, {
              error: 'must map org VPC names to { approvers, required }',
            })
            .default({}),
        },
        { error: 'must be { approvers: [...], required: 1, org_vpcs: {...} }' },
      )
      .optional(),
    freezes: z.array(freeze, { error: 'must be a list of { from, to, reason, override }' }).default([]),
  },
  { error: 'must be a map with teams, unlisted_accounts, approvals and freezes' },
);

export type PolicyFile = z.output<typeof policyFileSchema>;
export type TeamPolicy = PolicyFile['teams'][string];
export type Freeze = PolicyFile['freezes'][number];

/** `teams.payments.aws_accounts[1]`. */
export function keyPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out || '(the file)';
}

/** Each problem as `key path: message`; an account owned by two teams is refused too (whose is it?). */
export function policyProblems(data: unknown): { policy: PolicyFile } | { problems: string[] } {
  const parsed = policyFileSchema.safeParse(data ?? {}, { jitless: true });
  if (!parsed.success) {
    return {
      problems: parsed.error.issues.map((issue) => {
        const message =
          issue.code === 'unrecognized_keys'
            ? `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.join(', ')} (see README "Policy file")`
            : issue.message;
        return `${keyPath(issue.path)}: ${message}`;
      }),
    };
  }
  const problems: string[] = [];
  const owner = new Map<string, string>();
  for (const [name, t] of Object.entries(parsed.data.teams)) {
    t.aws_accounts.forEach((account, i) => {
      const first = owner.get(account);
      if (first && first !== name)
        problems.push(
          `teams.${name}.aws_accounts[${i}]: "${account}" is already owned by team ${first}; an account belongs to one team`,
        );
      else owner.set(account, name);
    });
  }
  return problems.length > 0 ? { problems } : { policy: parsed.data };
}
