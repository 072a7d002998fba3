-- Deployed process definitions (engine PROCESS records): the BPMN the operations console draws an instance on.
create table rm_process_definition (
    process_definition_key bigint primary key,
    bpmn_process_id        text        not null,
    version                int         not null,
    resource_name          text        not null,
    bpmn_xml               text        not null,
    deployed_at            timestamptz not null
);
create index rm_process_definition_id on rm_process_definition (bpmn_process_id, version);
