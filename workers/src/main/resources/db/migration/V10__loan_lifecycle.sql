-- The whole life of a chattel-mortgage loan: applicant identity, collateral sites and devices, a device registry,
-- collateral claims against duplicate applications, a lien registry, a KYC watch list, valuation, score explanation,
-- offer, repayment schedule and repayments.

alter table loan_application alter column status type varchar(30);
alter table loan_status_history alter column status type varchar(30);

alter table loan_application
    add column applicant_type          varchar(16),
    add column applicant_name          varchar(200),
    add column applicant_birth_date    date,
    -- identity numbers are stored for the KYC check, never logged and shown only masked
    add column applicant_national_id   varchar(40),
    add column applicant_registration_number varchar(40),
    add column applicant_founded_on    date,
    add column applicant_country       char(2),
    add column repayment_type          varchar(20) not null default 'ANNUITY'
                                       check (repayment_type in ('ANNUITY', 'EQUAL_PRINCIPAL')),
    add column max_loan_minor          bigint,
    add column valuation               jsonb,
    add column score_explanation       jsonb,
    add column approved_amount_minor   bigint check (approved_amount_minor >= 0),
    add column annual_rate_bps         integer check (annual_rate_bps between 0 and 10000),
    add column offer_expires_at        timestamptz,
    add column escalated_at            timestamptz,
    add column lien_filing_number      varchar(40),
    add column closure_reason          varchar(40),
    add column closed_at               timestamptz;

alter table collateral_item
    add column asset_identifier  varchar(100),
    add column site_address      varchar(300),
    add column site_latitude     double precision check (site_latitude between -90 and 90),
    add column site_longitude    double precision check (site_longitude between -180 and 180),
    add column site_radius_m     integer check (site_radius_m > 0);

-- Every device bound to a collateral item (the item's first device is also kept in collateral_item.device_id).
create table collateral_item_device (
    collateral_id varchar(64)  not null references collateral_item (collateral_id),
    device_id     varchar(100) not null,
    device_type   varchar(20)  not null check (device_type in ('GPS_TRACKER', 'EQUIPMENT_MONITOR', 'RFID_GATE')),
    primary key (collateral_id, device_id)
);
create index collateral_item_device_device_idx on collateral_item_device (device_id);

-- Devices the bank knows: registered by operations (or the demo seed) before they can secure a loan.
create table collateral_device (
    device_id     varchar(100) primary key,
    device_type   varchar(20)  not null check (device_type in ('GPS_TRACKER', 'EQUIPMENT_MONITOR', 'RFID_GATE')),
    label         varchar(200),
    registered_by varchar(100) not null,
    registered_at timestamptz  not null default now()
);

-- One live application per asset and per device: a second application for the same collateral is refused by the
-- primary key. Claims are removed when an application ends without a loan or the loan is closed.
create table collateral_claim (
    claim_key  varchar(120) primary key,
    loan_id    varchar(64)  not null references loan_application (loan_id),
    claimed_at timestamptz  not null default now()
);
create index collateral_claim_loan_idx on collateral_claim (loan_id);

-- The lien registry: one filing per loan covering its assets; at most one active lien per asset.
create sequence lien_filing_seq;
create table lien (
    filing_number    varchar(40)  not null,
    asset_identifier varchar(100) not null,
    loan_id          varchar(64),
    secured_party    varchar(200) not null,
    status           varchar(10)  not null check (status in ('ACTIVE', 'RELEASED')),
    registered_at    timestamptz  not null default now(),
    released_at      timestamptz,
    primary key (filing_number, asset_identifier)
);
create unique index lien_active_asset_idx on lien (asset_identifier) where status = 'ACTIVE';
create index lien_loan_idx on lien (loan_id);

-- Identities refused by compliance, by SHA-256 (hex) of the upper-cased identity number: the list holds no raw ids.
create table kyc_watchlist (
    identity_hash char(64)     primary key,
    reason        varchar(200) not null,
    listed_at     timestamptz  not null default now()
);

create table repayment_installment (
    loan_id               varchar(64) not null references loan_application (loan_id),
    seq                   integer     not null check (seq > 0),
    due_date              date        not null,
    principal_minor       bigint      not null check (principal_minor >= 0),
    interest_minor        bigint      not null check (interest_minor >= 0),
    paid_principal_minor  bigint      not null default 0 check (paid_principal_minor >= 0),
    paid_interest_minor   bigint      not null default 0 check (paid_interest_minor >= 0),
    waived_interest_minor bigint      not null default 0 check (waived_interest_minor >= 0),
    paid_on               date,
    primary key (loan_id, seq),
    check (paid_principal_minor <= principal_minor),
    check (paid_interest_minor + waived_interest_minor <= interest_minor)
);

create table loan_repayment (
    loan_id         varchar(64)  not null references loan_application (loan_id),
    idempotency_key varchar(100) not null,
    kind            varchar(12)  not null check (kind in ('REGULAR', 'PAYOFF')),
    amount_minor    bigint       not null check (amount_minor > 0),
    principal_minor bigint       not null,
    interest_minor  bigint       not null,
    transaction_id  bigint       not null references ledger_transaction (transaction_id),
    received_by     varchar(100) not null,
    received_at     timestamptz  not null default now(),
    primary key (loan_id, idempotency_key)
);
