-- Loan applications, their collateral, a status history and a double-entry ledger.

create table loan_application (
    loan_id              varchar(64)  primary key,
    borrower_id          varchar(64)  not null,
    borrower_username    varchar(100),
    amount_minor         bigint       not null check (amount_minor > 0),
    currency             char(3)      not null,
    term_months          integer      not null check (term_months between 1 and 360),
    purpose              varchar(500),
    status               varchar(20)  not null,
    score                integer,
    score_factors        jsonb,
    decision             varchar(10),
    decision_reason      varchar(500),
    decided_by           varchar(100),
    process_instance_key bigint,
    created_at           timestamptz  not null default now(),
    updated_at           timestamptz  not null default now()
);
create index loan_application_borrower_idx on loan_application (borrower_id, created_at desc);
create index loan_application_pending_start_idx on loan_application (created_at) where process_instance_key is null;

create table collateral_item (
    collateral_id        varchar(64)  primary key,
    loan_id              varchar(64)  not null references loan_application (loan_id),
    kind                 varchar(20)  not null,
    description          varchar(500) not null,
    declared_value_minor bigint       not null check (declared_value_minor > 0),
    device_id            varchar(100) not null
);
create index collateral_item_loan_idx on collateral_item (loan_id);
create index collateral_item_device_idx on collateral_item (device_id);

create table loan_status_history (
    id         bigserial    primary key,
    loan_id    varchar(64)  not null references loan_application (loan_id),
    status     varchar(20)  not null,
    detail     varchar(500),
    actor      varchar(100) not null,
    at         timestamptz  not null default now()
);
create index loan_status_history_loan_idx on loan_status_history (loan_id, id);

create table ledger_transaction (
    transaction_id  bigserial    primary key,
    idempotency_key varchar(200) not null unique,
    kind            varchar(64)  not null,
    reference       varchar(64),
    description     varchar(500),
    posted_at       timestamptz  not null default now()
);
create index ledger_transaction_reference_idx on ledger_transaction (reference);

create table ledger_entry (
    entry_id       bigserial    primary key,
    transaction_id bigint       not null references ledger_transaction (transaction_id),
    account        varchar(120) not null,
    debit_minor    bigint       not null default 0 check (debit_minor >= 0),
    credit_minor   bigint       not null default 0 check (credit_minor >= 0),
    currency       char(3)      not null,
    check ((debit_minor = 0) <> (credit_minor = 0))
);
create index ledger_entry_transaction_idx on ledger_entry (transaction_id);
create index ledger_entry_account_idx on ledger_entry (account);

-- Ledger entries are never edited or deleted: corrections are new, reversing transactions.
create function ledger_entry_immutable() returns trigger language plpgsql as $$
begin
    raise exception 'ledger entries are immutable (entry %)', old.entry_id;
end $$;
create trigger ledger_entry_no_update before update or delete on ledger_entry
    for each row execute function ledger_entry_immutable();

-- Every transaction balances per currency, checked at commit.
create function ledger_transaction_balanced() returns trigger language plpgsql as $$
begin
    if exists (select 1 from ledger_entry where transaction_id = new.transaction_id
               group by currency having sum(debit_minor) <> sum(credit_minor)) then
        raise exception 'ledger transaction % is not balanced', new.transaction_id;
    end if;
    return null;
end $$;
create constraint trigger ledger_entry_balanced after insert on ledger_entry
    deferrable initially deferred for each row execute function ledger_transaction_balanced();
