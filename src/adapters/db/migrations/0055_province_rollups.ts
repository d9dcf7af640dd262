import { type Kysely, sql } from "kysely";
import { FORWARD as FORWARD_0045, forwardTriggers } from "./0045_report_aggregates.js";

/**
 * 0055 (issue #8 "a province-year in a second"): the monthly roll-ups summed over the receiving units as well, per
 * field × month × channel × metric × bucket (\`stat_monthly_province\`), for the province-wide reads (form II.06a,
 * the Decision 766 index and the dashboard of the whole province), which otherwise add up the 200 units' rows of every
 * month since the beginning. Kept by the same forward as the other monthly roll-ups (the roll-up job and the
 * triggers for a delta on a day already passed), so the three stay equal; filled here from \`stat_monthly\`.
 */
export const FORWARD = (src: string) => `, m2 as (
    insert into stat_monthly_province as m (field_id, month, channel, metric, bucket, n)
    select field_id, date_trunc('month', day)::date, channel, metric,
      case when metric = 'open_due' then substr(bucket, 1, 8) || '01' else bucket end, sum(n)::integer
    from ${src}
    group by 1, 2, 3, 4, 5 having sum(n) <> 0 order by 2, 1, 3, 4, 5
    on conflict (month, field_id, channel, metric, bucket) do update set n = m.n + excluded.n
  )${FORWARD_0045(src)}`;

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
create table stat_monthly_province (
  field_id uuid not null,
  month date not null,
  channel text not null,
  metric text not null,
  bucket text not null default '',
  n integer not null,
  primary key (month, field_id, channel, metric, bucket)
);
insert into stat_monthly_province (field_id, month, channel, metric, bucket, n)
select field_id, month, channel, metric, bucket, sum(n)::integer from stat_monthly
group by 1, 2, 3, 4, 5 having sum(n) <> 0;
`.execute(db);
  await sql.raw(forwardTriggers(FORWARD("d"))).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql.raw(forwardTriggers(FORWARD_0045("d"))).execute(db);
  await sql`drop table if exists stat_monthly_province`.execute(db);
}
