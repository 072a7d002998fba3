-- The process read model: engine records (from the in-process engine's record stream or a broker exporter)
-- projected into tables that operations search by business key. Rows are keyed by engine keys; every change is
-- gated by the record position per partition (rm_position), so a repeated record is ignored and nothing goes back.

create table rm_source (
    id         smallint     primary key check (id = 1),
    source     varchar(200) not null,                -- e.g. embedded:<uuid> for one run of the in-memory engine
    started_at timestamptz  not null default now()
);

create table rm_position (
    partition_id integer primary key,
    position     bigint  not null,                   -- the highest position projected; lower ones are ignored
    updated_at   timestamptz not null default now()
);

create table rm_process_instance (
    process_instance_key        bigint       primary key,
    bpmn_process_id             varchar(255) not null,
    version                     integer      not null,
    process_definition_key      bigint       not null,
    parent_process_instance_key bigint,
    state                       varchar(16)  not null check (state in ('ACTIVE', 'COMPLETED', 'TERMINATED')),
    started_at                  timestamptz  not null,
    ended_at                    timestamptz,
    partition_id                integer      not null,
    position                    bigint       not null  -- position of the record that last changed the row
);
create index rm_process_instance_process_idx on rm_process_instance (bpmn_process_id, started_at desc);
create index rm_process_instance_state_idx on rm_process_instance (state, started_at desc);
create index rm_process_instance_started_idx on rm_process_instance (started_at desc);

-- loanId, grantId, thingId, collateralId ... taken from the variables of the instance.
create table rm_business_key (
    process_instance_key bigint       not null,
    key_name             varchar(64)  not null,
    key_value            varchar(255) not null,
    primary key (process_instance_key, key_name, key_value)
);
create index rm_business_key_value_idx on rm_business_key (key_value, key_name);

create table rm_element_instance (
    element_instance_key bigint       primary key,
    process_instance_key bigint       not null,
    flow_scope_key       bigint,
    element_id           varchar(255) not null,
    element_type         varchar(64)  not null,
    state                varchar(16)  not null check (state in ('ACTIVE', 'COMPLETED', 'TERMINATED')),
    started_at           timestamptz  not null,
    ended_at             timestamptz,
    position             bigint       not null
);
create index rm_element_instance_process_idx on rm_element_instance (process_instance_key, element_instance_key);

create table rm_variable (
    scope_key            bigint       not null,
    name                 varchar(255) not null,
    process_instance_key bigint       not null,
    value                text         not null,    -- JSON as the engine holds it, cut at 8 KiB (truncated = true)
    truncated            boolean      not null,
    updated_at           timestamptz  not null,
    position             bigint       not null,
    primary key (scope_key, name)
);
create index rm_variable_process_idx on rm_variable (process_instance_key);

create table rm_job (
    job_key              bigint       primary key,
    process_instance_key bigint       not null,
    element_instance_key bigint       not null,
    element_id           varchar(255) not null,
    job_type             varchar(255) not null,
    user_task            boolean      not null,    -- a job-based user task (io.camunda.zeebe:userTask)
    state                varchar(32)  not null,    -- the intent of the last job record: CREATED, COMPLETED, FAILED, ...
    retries              integer      not null,
    worker               varchar(255),
    error_message        varchar(2000),
    updated_at           timestamptz  not null,
    position             bigint       not null
);
create index rm_job_process_idx on rm_job (process_instance_key);

create table rm_incident (
    incident_key         bigint       primary key,
    process_instance_key bigint       not null,
    element_instance_key bigint       not null,
    element_id           varchar(255) not null,
    job_key              bigint,                   -- null when the incident is not about a job
    error_type           varchar(64)  not null,
    error_message        varchar(2000) not null,
    state                varchar(16)  not null check (state in ('ACTIVE', 'RESOLVED')),
    created_at           timestamptz  not null,
    resolved_at          timestamptz,
    position             bigint       not null
);
create index rm_incident_process_idx on rm_incident (process_instance_key, state);
create index rm_incident_active_idx on rm_incident (state) where state = 'ACTIVE';

create table rm_message (
    message_key     bigint       primary key,
    name            varchar(255) not null,
    correlation_key varchar(255) not null,
    message_id      varchar(255),
    state           varchar(16)  not null,          -- PUBLISHED, EXPIRED
    published_at    timestamptz  not null,
    position        bigint       not null
);
create index rm_message_correlation_idx on rm_message (name, correlation_key);

create table rm_message_correlation (
    partition_id         integer      not null,
    position             bigint       not null,
    process_instance_key bigint       not null,
    element_instance_key bigint       not null,
    message_name         varchar(255) not null,
    correlation_key      varchar(255) not null,
    message_key          bigint,
    correlated_at        timestamptz  not null,
    primary key (partition_id, position)
);
create index rm_message_correlation_process_idx on rm_message_correlation (process_instance_key);

create table rm_decision (
    decision_evaluation_key bigint        primary key,
    process_instance_key    bigint        not null,
    element_instance_key    bigint        not null,
    element_id              varchar(255)  not null,
    decision_id             varchar(255)  not null,
    decision_name           varchar(255),
    decision_output         text,                  -- JSON, cut at 8 KiB
    failure_message         varchar(2000),         -- set when the evaluation failed
    evaluated_at            timestamptz   not null,
    position                bigint        not null
);
create index rm_decision_process_idx on rm_decision (process_instance_key);

-- What happened to an instance, in engine order: element lifecycle, jobs, incidents, variables (names only),
-- messages, decisions.
create table rm_history (
    partition_id         integer      not null,
    position             bigint       not null,
    process_instance_key bigint       not null,
    at                   timestamptz  not null,
    value_type           varchar(64)  not null,
    intent               varchar(64)  not null,
    record_key           bigint       not null,
    element_id           varchar(255),
    detail               varchar(500),
    primary key (partition_id, position)
);
create index rm_history_process_idx on rm_history (process_instance_key, partition_id, position);
