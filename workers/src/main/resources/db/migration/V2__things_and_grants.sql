-- Things as customers: a registry of things, the grants their owners give them, the payments they make within a
-- grant, period counters that enforce the limits, owner notifications (risk warnings), an audit trail, and an inbox
-- of job-based user tasks (owner confirmations) so the API can complete them by job key.

-- One identity rule: thing:<owner-type>:<kind>:<serial>, all lower case (see docs/grants.md).
create table thing (
    thing_id        varchar(100) primary key
                    check (thing_id ~ '^thing:(person|company):(vehicle|machine|appliance|sensor):[a-z0-9][a-z0-9.-]{0,47}$'),
    owner_id        varchar(64)  not null,
    owner_type      varchar(10)  not null check (owner_type in ('PERSON', 'COMPANY')),
    kind            varchar(20)  not null check (kind in ('VEHICLE', 'MACHINE', 'APPLIANCE', 'SENSOR')),
    serial          varchar(48)  not null,
    display_name    varchar(200),
    status          varchar(20)  not null default 'ACTIVE' check (status in ('ACTIVE', 'BLOCKED')),
    -- SHA-256 (hex) of the thing's random 256-bit credential; the credential itself is shown once and never stored.
    credential_hash char(64)     not null,
    -- The thing's virtual ledger account and the owner account that funds it (names from Accounts).
    account         varchar(120) not null unique,
    owner_account   varchar(120) not null,
    created_at      timestamptz  not null default now()
);
create index thing_owner_idx on thing (owner_id, created_at desc);

create table authorization_grant (
    grant_id                   varchar(64)  primary key,
    thing_id                   varchar(100) not null references thing (thing_id),
    owner_id                   varchar(64)  not null,
    state                      varchar(12)  not null
                               check (state in ('REQUESTED', 'AUTHORIZED', 'REJECTED', 'SUSPENDED', 'REVOKED', 'EXPIRED')),
    version                    integer      not null default 1,
    currency                   char(3)      not null,
    allowed_counterparties     jsonb        not null default '[]',
    allowed_merchant_categories jsonb       not null default '[]',
    max_per_transaction_minor  bigint       not null check (max_per_transaction_minor > 0),
    daily_limit_minor          bigint       check (daily_limit_minor > 0),
    weekly_limit_minor         bigint       check (weekly_limit_minor > 0),
    monthly_limit_minor        bigint       check (monthly_limit_minor > 0),
    max_payments               integer      check (max_payments > 0),
    max_payments_period        varchar(5)   check (max_payments_period in ('DAY', 'WEEK', 'MONTH')),
    valid_from                 timestamptz  not null,
    valid_until                timestamptz  not null,
    risk_level                 varchar(10),
    risk_reason                varchar(300),
    assessed_version           integer,
    awaiting_confirmation      boolean      not null default false,
    state_reason               varchar(300),
    process_instance_key       bigint,
    created_at                 timestamptz  not null default now(),
    updated_at                 timestamptz  not null default now(),
    check (valid_until > valid_from),
    check ((max_payments is null) = (max_payments_period is null))
);
-- A thing has at most one open grant, so every payment is checked against exactly one grant row.
create unique index authorization_grant_one_open_per_thing
    on authorization_grant (thing_id) where state in ('REQUESTED', 'AUTHORIZED', 'SUSPENDED');
create index authorization_grant_thing_idx on authorization_grant (thing_id, created_at desc);
create index authorization_grant_owner_idx on authorization_grant (owner_id, created_at desc);
create index authorization_grant_pending_start_idx on authorization_grant (created_at) where process_instance_key is null;

-- Spending per grant and period (UTC day, ISO week starting Monday, calendar month). Updated only while the grant
-- row is locked, so concurrent payments see each other's amounts.
create table grant_counter (
    grant_id      varchar(64) not null references authorization_grant (grant_id),
    period        varchar(5)  not null check (period in ('DAY', 'WEEK', 'MONTH')),
    period_start  date        not null,
    amount_minor  bigint      not null default 0 check (amount_minor >= 0),
    payment_count integer     not null default 0 check (payment_count >= 0),
    primary key (grant_id, period, period_start)
);

create table thing_payment (
    payment_id            varchar(64)  primary key,
    thing_id              varchar(100) not null references thing (thing_id),
    grant_id              varchar(64)  references authorization_grant (grant_id),
    idempotency_key       varchar(100) not null,
    amount_minor          bigint       not null check (amount_minor > 0),
    currency              char(3)      not null,
    counterparty          varchar(64)  not null,
    merchant_category     varchar(4),
    description           varchar(200),
    result                varchar(10)  not null check (result in ('AUTHORIZED', 'REFUSED')),
    refusal_rule          varchar(40),
    refusal_detail        varchar(300),
    ledger_transaction_id bigint       references ledger_transaction (transaction_id),
    created_at            timestamptz  not null default now(),
    unique (thing_id, idempotency_key),
    check ((result = 'REFUSED') = (refusal_rule is not null)),
    check ((result = 'AUTHORIZED') = (ledger_transaction_id is not null))
);
create index thing_payment_grant_idx on thing_payment (grant_id, created_at desc);

create table owner_notification (
    id          bigserial    primary key,
    owner_id    varchar(64)  not null,
    thing_id    varchar(100) not null,
    grant_id    varchar(64),
    kind        varchar(20)  not null,
    rule        varchar(40),
    message     varchar(500) not null,
    suspends    boolean      not null default false,
    dedupe_key  varchar(200) not null unique,
    created_at  timestamptz  not null default now()
);
create index owner_notification_owner_idx on owner_notification (owner_id, id desc);

-- Who did what, when, on which grant or thing. Rows are never edited.
create table grant_audit (
    id        bigserial    primary key,
    at        timestamptz  not null default now(),
    actor     varchar(100) not null,
    action    varchar(40)  not null,
    thing_id  varchar(100) not null,
    grant_id  varchar(64),
    detail    varchar(1000)
);
create index grant_audit_grant_idx on grant_audit (grant_id, id);
create index grant_audit_thing_idx on grant_audit (thing_id, id);
create function grant_audit_immutable() returns trigger language plpgsql as $$
begin
    raise exception 'grant audit rows are immutable (row %)', old.id;
end $$;
create trigger grant_audit_no_update before update or delete on grant_audit
    for each row execute function grant_audit_immutable();

-- Job-based user tasks (job type io.camunda.zeebe:userTask) held open by the inbox worker until someone completes
-- them through the API; the job key completes the task on every engine.
create table user_task (
    job_key              bigint       primary key,
    process_instance_key bigint       not null,
    bpmn_process_id      varchar(100) not null,
    element_id           varchar(100) not null,
    business_key         varchar(100),
    assignee             varchar(100),
    candidate_groups     varchar(300),
    created_at           timestamptz  not null default now(),
    completed_at         timestamptz,
    completed_by         varchar(100)
);
create index user_task_open_idx on user_task (bpmn_process_id, business_key) where completed_at is null;
