-- Post-loan monitoring: enrolled loans, the collateral watched for each, alerts, the responses taken and their audit,
-- and the credit-line freeze the disbursement path consults.

create table monitoring_enrolment (
    loan_id          varchar(64)  primary key references loan_application (loan_id),
    borrower_id      varchar(64)  not null,
    status           varchar(20)  not null check (status in ('ACTIVE', 'CLOSED')),
    loan_amount_minor bigint      not null,
    currency         char(3)      not null,
    ltv_limit        numeric(6,4) not null check (ltv_limit > 0),
    enrolled_at      timestamptz  not null default now(),
    closed_at        timestamptz,
    close_reason     varchar(200)
);

-- One row per pledged item; geofence null = anchor a circle of the default radius at the first position reported;
-- last_seen_at is the server's receive time of the newest reading, never the device clock.
create table monitored_collateral (
    collateral_id             varchar(64)   primary key,
    loan_id                   varchar(64)   not null references monitoring_enrolment (loan_id),
    device_id                 varchar(100)  not null,
    geofence                  jsonb,
    offline_threshold_seconds bigint        not null check (offline_threshold_seconds > 0),
    min_operating_rate        numeric(5,4)  not null check (min_operating_rate between 0 and 1),
    pledged_quantity          bigint,
    value_at_enrolment_minor  bigint        not null check (value_at_enrolment_minor > 0),
    hours_at_enrolment        double precision,
    depreciation_per_hour_minor bigint      not null default 0,
    enrolled_at               timestamptz   not null default now(),
    last_seen_at              timestamptz,
    last_hours                double precision
);
create index monitored_collateral_device_idx on monitored_collateral (device_id);
create index monitored_collateral_loan_idx on monitored_collateral (loan_id);

-- Alerts are deduplicated by their deterministic id (loan, type, severity, collateral, window).
create table monitoring_alert (
    alert_id         varchar(200) primary key,
    loan_id          varchar(64)  not null references monitoring_enrolment (loan_id),
    collateral_id    varchar(64)  not null,
    device_id        varchar(100) not null,
    type             varchar(30)  not null,
    severity         varchar(10)  not null check (severity in ('WARNING', 'BREACH')),
    status           varchar(20)  not null,
    evidence         jsonb        not null,
    observed_at      timestamptz  not null,
    raised_at        timestamptz  not null default now(),
    published_at     timestamptz,
    response         jsonb,
    process_instance_key bigint,
    condition_resolved_at timestamptz,
    resolved_at      timestamptz,
    resolved_by      varchar(100)
);
create index monitoring_alert_loan_idx on monitoring_alert (loan_id, raised_at desc);
create index monitoring_alert_unpublished_idx on monitoring_alert (raised_at) where published_at is null;
create index monitoring_alert_open_idx on monitoring_alert (collateral_id, type) where resolved_at is null;

-- A loan is frozen while any row without released_at exists: no further disbursement or drawdown of the undrawn line.
create table credit_line_freeze (
    loan_id     varchar(64)  not null,
    alert_id    varchar(200) not null,
    frozen_at   timestamptz  not null default now(),
    frozen_by   varchar(100) not null,
    released_at timestamptz,
    released_by varchar(100),
    primary key (loan_id, alert_id)
);
create index credit_line_freeze_active_idx on credit_line_freeze (loan_id) where released_at is null;

create table borrower_notification (
    id          bigserial    primary key,
    loan_id     varchar(64)  not null,
    borrower_id varchar(64)  not null,
    alert_id    varchar(200) not null,
    kind        varchar(30)  not null,
    message     varchar(500) not null,
    created_at  timestamptz  not null default now(),
    unique (alert_id, kind)
);

create table margin_call (
    alert_id   varchar(200) primary key,
    loan_id    varchar(64)  not null,
    deadline   timestamptz  not null,
    status     varchar(20)  not null check (status in ('OPEN', 'MET', 'EXPIRED', 'CLOSED')),
    issued_at  timestamptz  not null default now(),
    settled_at timestamptz
);

create table collections_handover (
    alert_id    varchar(200) primary key,
    loan_id     varchar(64)  not null,
    handed_over_at timestamptz not null default now()
);

-- Periodic covenant review: the scoring features recomputed and the operating rate, with the trend to the last one.
create table covenant_review (
    id             bigserial    primary key,
    loan_id        varchar(64)  not null references monitoring_enrolment (loan_id),
    reviewed_at    timestamptz  not null default now(),
    score          integer      not null,
    factors        jsonb        not null,
    operating_rate numeric(5,4),
    trend          varchar(10)  not null check (trend in ('FIRST', 'UP', 'DOWN', 'FLAT'))
);
create index covenant_review_loan_idx on covenant_review (loan_id, id desc);

-- Every monitoring action: who, what, when, on which process instance. Append-only.
create table monitoring_audit (
    id                   bigserial    primary key,
    at                   timestamptz  not null default now(),
    actor                varchar(100) not null,
    action               varchar(50)  not null,
    loan_id              varchar(64)  not null,
    alert_id             varchar(200),
    process_instance_key bigint,
    detail               jsonb        not null default '{}'
);
create index monitoring_audit_alert_idx on monitoring_audit (alert_id, id);
create index monitoring_audit_loan_idx on monitoring_audit (loan_id, id);
create function monitoring_audit_immutable() returns trigger language plpgsql as $$
begin
    raise exception 'monitoring audit rows are immutable (row %)', old.id;
end $$;
create trigger monitoring_audit_no_update before update or delete on monitoring_audit
    for each row execute function monitoring_audit_immutable();
