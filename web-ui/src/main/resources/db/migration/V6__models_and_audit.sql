-- Edited versions of the BPMN/DMN models, their deployments to the engine, and the audit trail of operator actions.

create table model_version (
    id        bigserial    primary key,
    name      varchar(120) not null,              -- file name, e.g. chattel-mortgage-loan.bpmn
    version   integer      not null check (version > 0),
    kind      varchar(10)  not null check (kind in ('BPMN', 'DMN')),
    content   text         not null,
    sha256    char(64)     not null,
    comment   varchar(500),
    saved_by  varchar(100) not null,
    saved_at  timestamptz  not null default now(),
    unique (name, version)
);

create table model_deployment (
    id             bigserial    primary key,
    name           varchar(120) not null,
    model_version  integer,                          -- the saved version deployed; null for the classpath model
    resource_id    varchar(120) not null,            -- process id or decision id
    engine_version integer      not null,
    definition_key bigint       not null,
    deployment_key bigint       not null,
    deployed_by    varchar(100) not null,
    deployed_at    timestamptz  not null default now()
);
create index model_deployment_name_idx on model_deployment (name, id desc);

create table audit_event (
    id                   bigserial    primary key,
    at                   timestamptz  not null default now(),
    actor                varchar(100) not null,
    action               varchar(64)  not null,
    subject_type         varchar(32)  not null,
    subject_id           varchar(200) not null,
    process_instance_key bigint,
    outcome              varchar(16)  not null check (outcome in ('DONE', 'REFUSED')),
    detail               jsonb        not null default '{}'
);
create index audit_event_subject_idx on audit_event (subject_type, subject_id, id);
create index audit_event_at_idx on audit_event (at desc);

-- The audit trail is append-only.
create function audit_event_immutable() returns trigger language plpgsql as $$
begin
    raise exception 'audit events are immutable (event %)', old.id;
end $$;
create trigger audit_event_no_update before update or delete on audit_event
    for each row execute function audit_event_immutable();
