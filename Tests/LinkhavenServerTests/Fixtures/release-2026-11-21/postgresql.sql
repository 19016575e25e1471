--
-- PostgreSQL database dump
--


-- Dumped from database version 15.18 (Debian 15.18-0+deb12u1)
-- Dumped by pg_dump version 15.18 (Debian 15.18-0+deb12u1)

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: _fluent_migrations; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public._fluent_migrations (
    id uuid NOT NULL,
    name text NOT NULL,
    batch bigint NOT NULL,
    created_at timestamp with time zone,
    updated_at timestamp with time zone
);


--
-- Name: agreement_signatures; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.agreement_signatures (
    id uuid NOT NULL,
    agreement_id uuid NOT NULL,
    version bigint NOT NULL,
    organisation uuid NOT NULL,
    user_id uuid NOT NULL,
    role text NOT NULL,
    signed_at timestamp with time zone NOT NULL
);


--
-- Name: agreements; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.agreements (
    id uuid NOT NULL,
    project_id uuid NOT NULL,
    owner uuid NOT NULL,
    parties text NOT NULL,
    version bigint NOT NULL,
    status text NOT NULL,
    document text NOT NULL
);


--
-- Name: analysis_outputs; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.analysis_outputs (
    id uuid NOT NULL,
    project_id uuid NOT NULL,
    run_id uuid NOT NULL,
    author uuid NOT NULL,
    definition text NOT NULL,
    result text NOT NULL,
    datasets text NOT NULL,
    status text NOT NULL,
    created_at timestamp with time zone NOT NULL,
    released_at timestamp with time zone
);


--
-- Name: api_tokens; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.api_tokens (
    id uuid NOT NULL,
    organisation uuid NOT NULL,
    created_by uuid NOT NULL,
    name text NOT NULL,
    project uuid,
    dataset text,
    actions text NOT NULL,
    token_hash text NOT NULL,
    expires timestamp with time zone NOT NULL,
    revoked timestamp with time zone
);


--
-- Name: audit_checkpoints; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.audit_checkpoints (
    id uuid NOT NULL,
    chain text NOT NULL,
    seq bigint NOT NULL,
    hash text NOT NULL,
    at text NOT NULL,
    signature text NOT NULL
);


--
-- Name: audit_events; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.audit_events (
    id uuid NOT NULL,
    chain text NOT NULL,
    seq bigint NOT NULL,
    at text NOT NULL,
    actor text NOT NULL,
    organisation text,
    action text NOT NULL,
    object text NOT NULL,
    outcome text NOT NULL,
    previous_hash text NOT NULL,
    hash text NOT NULL
);


--
-- Name: audit_requests; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.audit_requests (
    id uuid NOT NULL,
    dataset_id uuid NOT NULL,
    version bigint NOT NULL,
    requester_organisation uuid NOT NULL,
    requester uuid NOT NULL,
    reason text NOT NULL,
    status text NOT NULL,
    assessment_reference text NOT NULL,
    procedure text NOT NULL,
    created_at timestamp with time zone NOT NULL,
    decided_at timestamp with time zone
);


--
-- Name: clerical_decisions; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.clerical_decisions (
    id uuid NOT NULL,
    project_id uuid NOT NULL,
    key_a text NOT NULL,
    key_b text NOT NULL,
    is_match boolean NOT NULL,
    decided_by uuid NOT NULL,
    decided_at timestamp with time zone NOT NULL,
    probability double precision NOT NULL
);


--
-- Name: credentials; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.credentials (
    id uuid NOT NULL,
    organisation_id uuid NOT NULL,
    scheme text NOT NULL,
    reference text NOT NULL,
    expires timestamp with time zone NOT NULL
);


--
-- Name: dataset_versions; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.dataset_versions (
    id uuid NOT NULL,
    dataset_id uuid NOT NULL,
    number bigint NOT NULL,
    status text NOT NULL,
    content_sha256 text NOT NULL,
    stored_sha256 text NOT NULL,
    stored_name text NOT NULL,
    wrapped_key text NOT NULL,
    rows bigint NOT NULL,
    bytes bigint NOT NULL,
    manifest text NOT NULL,
    quality text NOT NULL,
    upload_id uuid NOT NULL,
    accepted_at timestamp with time zone NOT NULL,
    retired_at timestamp with time zone
);


--
-- Name: datasets; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.datasets (
    id uuid NOT NULL,
    project_id uuid NOT NULL,
    agreement_id uuid NOT NULL,
    name text NOT NULL,
    provider uuid NOT NULL,
    status text NOT NULL,
    retain_until timestamp with time zone NOT NULL,
    extensions_used bigint NOT NULL,
    created_at timestamp with time zone NOT NULL
);


--
-- Name: destruction_certificates; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.destruction_certificates (
    id uuid NOT NULL,
    dataset_id uuid NOT NULL,
    document text NOT NULL,
    created_at timestamp with time zone NOT NULL
);


--
-- Name: incidents; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.incidents (
    id uuid NOT NULL,
    organisation uuid NOT NULL,
    project_id uuid NOT NULL,
    dataset text NOT NULL,
    upload_id uuid NOT NULL,
    findings text NOT NULL,
    status text NOT NULL,
    cause text NOT NULL,
    lessons text NOT NULL,
    reported_to_regulator boolean NOT NULL,
    regulator_reference text NOT NULL,
    created_at timestamp with time zone NOT NULL,
    closed_at timestamp with time zone
);


--
-- Name: linkage_runs; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.linkage_runs (
    id uuid NOT NULL,
    project_id uuid NOT NULL,
    requested_by uuid NOT NULL,
    status text NOT NULL,
    progress text NOT NULL,
    claim uuid,
    worker text NOT NULL,
    heartbeat_at timestamp with time zone,
    attempts bigint NOT NULL,
    config text NOT NULL,
    inputs text NOT NULL,
    report text NOT NULL,
    error text NOT NULL,
    created_at timestamp with time zone NOT NULL,
    started_at timestamp with time zone,
    finished_at timestamp with time zone
);


--
-- Name: linked_records; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.linked_records (
    id uuid NOT NULL,
    run_id uuid NOT NULL,
    dataset text NOT NULL,
    record_key text NOT NULL,
    person bigint NOT NULL,
    household bigint NOT NULL
);


--
-- Name: notifications; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.notifications (
    id uuid NOT NULL,
    organisation uuid NOT NULL,
    kind text NOT NULL,
    subject text NOT NULL,
    object text NOT NULL,
    created_at timestamp with time zone NOT NULL,
    read_at timestamp with time zone
);


--
-- Name: organisations; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.organisations (
    id uuid NOT NULL,
    name text NOT NULL,
    address text NOT NULL,
    ico_reference text NOT NULL,
    created_at timestamp with time zone NOT NULL,
    contact_email text DEFAULT ''::text NOT NULL,
    contact_phone text DEFAULT ''::text NOT NULL
);


--
-- Name: partnerships; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.partnerships (
    id uuid NOT NULL,
    name text NOT NULL,
    declaration text NOT NULL,
    members text NOT NULL,
    signatories text DEFAULT '[]'::text NOT NULL
);


--
-- Name: project_members; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.project_members (
    id uuid NOT NULL,
    project_id uuid NOT NULL,
    user_id uuid NOT NULL,
    organisation uuid NOT NULL,
    role text NOT NULL
);


--
-- Name: projects; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.projects (
    id uuid NOT NULL,
    partnership_id uuid NOT NULL,
    name text NOT NULL,
    purpose text NOT NULL,
    assessment text NOT NULL,
    linkage_spec text DEFAULT ''::text NOT NULL,
    key_fingerprint text DEFAULT ''::text NOT NULL,
    link_config text DEFAULT ''::text NOT NULL,
    platform_key text DEFAULT ''::text NOT NULL,
    boundaries text DEFAULT ''::text NOT NULL
);


--
-- Name: quality_issues; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.quality_issues (
    id uuid NOT NULL,
    dataset_id uuid NOT NULL,
    version bigint NOT NULL,
    raised_by uuid NOT NULL,
    raised_by_organisation uuid NOT NULL,
    description text NOT NULL,
    status text NOT NULL,
    resolved_by_version bigint,
    created_at timestamp with time zone NOT NULL,
    resolved_at timestamp with time zone
);


--
-- Name: release_decisions; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.release_decisions (
    id uuid NOT NULL,
    output_id uuid NOT NULL,
    kind text NOT NULL,
    user_id uuid NOT NULL,
    organisation uuid NOT NULL,
    approve boolean NOT NULL,
    note text NOT NULL,
    decided_at timestamp with time zone NOT NULL
);


--
-- Name: review_pairs; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.review_pairs (
    id uuid NOT NULL,
    run_id uuid NOT NULL,
    project_id uuid NOT NULL,
    dataset_a text NOT NULL,
    dataset_b text NOT NULL,
    key_a text NOT NULL,
    key_b text NOT NULL,
    weight double precision NOT NULL,
    probability double precision NOT NULL,
    explanation text NOT NULL
);


--
-- Name: sessions; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.sessions (
    id uuid NOT NULL,
    user_id uuid NOT NULL,
    token_hash text NOT NULL,
    last_seen timestamp with time zone NOT NULL
);


--
-- Name: uploads; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.uploads (
    id uuid NOT NULL,
    project_id uuid NOT NULL,
    dataset text NOT NULL,
    organisation uuid NOT NULL,
    token_id uuid NOT NULL,
    manifest text NOT NULL,
    size bigint NOT NULL,
    sha256 text NOT NULL,
    encoding text NOT NULL,
    status text NOT NULL,
    wrapped_key text NOT NULL,
    problems text NOT NULL,
    version_id uuid,
    incident_id uuid,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL
);


--
-- Name: users; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.users (
    id uuid NOT NULL,
    organisation_id uuid,
    email text NOT NULL,
    name text NOT NULL,
    role text NOT NULL,
    password_hash text NOT NULL,
    totp_secret text NOT NULL,
    approved boolean NOT NULL,
    training_date timestamp with time zone NOT NULL,
    failed_sign_ins bigint NOT NULL,
    locked_until timestamp with time zone,
    password_changed_at timestamp with time zone NOT NULL,
    recovery_codes text DEFAULT ''::text NOT NULL,
    totp_wrapped text DEFAULT ''::text NOT NULL
);


--
-- Data for Name: _fluent_migrations; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public._fluent_migrations VALUES ('d9a2d50b-af6c-49cb-be5f-0d66dbdcfd55', 'LinkhavenServer.CreateOrganisation', 1, '2026-12-03 19:04:22.097594+00', '2026-12-03 19:04:22.097594+00');
INSERT INTO public._fluent_migrations VALUES ('271b4bac-8858-4a3a-bcf3-a2d99cba4138', 'LinkhavenServer.CreateUser', 1, '2026-12-03 19:04:22.104857+00', '2026-12-03 19:04:22.104857+00');
INSERT INTO public._fluent_migrations VALUES ('b290dbc6-4c75-42f6-a709-93495acefdca', 'LinkhavenServer.AddRecoveryCodes', 1, '2026-12-03 19:04:22.107824+00', '2026-12-03 19:04:22.107824+00');
INSERT INTO public._fluent_migrations VALUES ('406ef247-c1c7-46a8-9a52-355a609368c2', 'LinkhavenServer.AddOrganisationContacts', 1, '2026-12-03 19:04:22.110808+00', '2026-12-03 19:04:22.110808+00');
INSERT INTO public._fluent_migrations VALUES ('91d2aa77-c9c8-4fe4-9a66-a5af77256f01', 'LinkhavenServer.CreateSession', 1, '2026-12-03 19:04:22.116173+00', '2026-12-03 19:04:22.116173+00');
INSERT INTO public._fluent_migrations VALUES ('2041d576-af15-4cda-ac5c-6e69265ab24b', 'LinkhavenServer.CreateAuditEvent', 1, '2026-12-03 19:04:22.121082+00', '2026-12-03 19:04:22.121082+00');
INSERT INTO public._fluent_migrations VALUES ('e6e45b24-48b9-4bcc-bd18-21f051214bb1', 'LinkhavenServer.CreateAuditCheckpoint', 1, '2026-12-03 19:04:22.1251+00', '2026-12-03 19:04:22.1251+00');
INSERT INTO public._fluent_migrations VALUES ('3d21dde4-ad13-4c17-971b-7463bf60aae1', 'LinkhavenServer.CreateGovernance', 1, '2026-12-03 19:04:22.138746+00', '2026-12-03 19:04:22.138746+00');
INSERT INTO public._fluent_migrations VALUES ('912d67f5-3615-43f1-8c5a-d46529215e7d', 'LinkhavenServer.CreateCredential', 1, '2026-12-03 19:04:22.143149+00', '2026-12-03 19:04:22.143149+00');
INSERT INTO public._fluent_migrations VALUES ('d23731be-8d41-4ebc-a1b0-44dce353419e', 'LinkhavenServer.CreateAPIToken', 1, '2026-12-03 19:04:22.148772+00', '2026-12-03 19:04:22.148772+00');
INSERT INTO public._fluent_migrations VALUES ('743e1930-a2a9-4a68-ada4-09905d101b17', 'LinkhavenServer.AddPartnershipSignatories', 1, '2026-12-03 19:04:22.151584+00', '2026-12-03 19:04:22.151584+00');
INSERT INTO public._fluent_migrations VALUES ('e0986ebb-4d96-4fc1-a89f-603b65b7affd', 'LinkhavenServer.CreateProjectMember', 1, '2026-12-03 19:04:22.157872+00', '2026-12-03 19:04:22.157872+00');
INSERT INTO public._fluent_migrations VALUES ('a5f7c1b1-0c5a-42f9-9143-05632eb83049', 'LinkhavenServer.CreateIngest', 1, '2026-12-03 19:04:22.17499+00', '2026-12-03 19:04:22.17499+00');
INSERT INTO public._fluent_migrations VALUES ('b319cb99-8ecb-4d4b-a685-5d00f427ca53', 'LinkhavenServer.CreateCases', 1, '2026-12-03 19:04:22.193496+00', '2026-12-03 19:04:22.193496+00');
INSERT INTO public._fluent_migrations VALUES ('79aa0a6f-199b-45f3-8723-01dbcd7b82d0', 'LinkhavenServer.CreateLinkage', 1, '2026-12-03 19:04:22.212986+00', '2026-12-03 19:04:22.212986+00');
INSERT INTO public._fluent_migrations VALUES ('5352e6d2-5e57-47bf-a3db-31030e5cd35d', 'LinkhavenServer.CreateAnalysis', 1, '2026-12-03 19:04:22.223368+00', '2026-12-03 19:04:22.223368+00');
INSERT INTO public._fluent_migrations VALUES ('f2c9e94f-cc49-406e-994a-d65afce79acd', 'LinkhavenServer.AddBoundaries', 1, '2026-12-03 19:04:22.226454+00', '2026-12-03 19:04:22.226454+00');
INSERT INTO public._fluent_migrations VALUES ('9debd7cf-d729-44e1-b4bd-6d0c7b7d2b01', 'LinkhavenServer.AddWrappedTOTP', 1, '2026-12-03 19:04:22.228908+00', '2026-12-03 19:04:22.228908+00');


--
-- Data for Name: agreement_signatures; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: agreements; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: analysis_outputs; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: api_tokens; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: audit_checkpoints; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: audit_events; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.audit_events VALUES ('35fe2861-8f3e-4203-8e05-e4c0a9c0068f', 'platform', 1, '2026-12-03T19:04:22.256Z', 'admin-command', NULL, 'user.create', 'user/5C8C3A7F-DFB2-41EF-86CD-E5B5B18789F9', 'success', '0000000000000000000000000000000000000000000000000000000000000000', '3b8854aef8103f330bfe9fa86d2c1d2a882fe07711176e0d8291573cd085492a');


--
-- Data for Name: audit_requests; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: clerical_decisions; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: credentials; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: dataset_versions; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: datasets; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: destruction_certificates; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: incidents; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: linkage_runs; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: linked_records; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: notifications; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: organisations; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: partnerships; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: project_members; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: projects; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: quality_issues; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: release_decisions; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: review_pairs; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: sessions; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: uploads; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: users; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.users VALUES ('5c8c3a7f-dfb2-41ef-86cd-e5b5b18789f9', NULL, 'operator@linkhaven.test', 'Platform Operator', 'operator', '$2b$12$sTeDuqs5.TvmIfSohMx6Cumt5X/B9Tdd3JzrWcVyqHqhBUEbOjM8K', '', true, '2026-12-03 19:04:22.256946+00', 0, NULL, '1970-01-01 00:00:00+00', '338e6821aa356f6f9ad868306de65f7584ef95914cafdc7b443432a1377b75d9,b198cc7ff9ed857ba486fa9534e85a13d0dfa4147c2fa32f51f0227bbb6a48f7,9649fe1f2739d6772665381fd348161f48d54a7d98e5f0b28d65e4f2d93e7b89,fe201a5488435182515b55c4f0dbbeabbe22aa57835d8b9183b2441d72c32228,55ecec59564b72616fa6a1ae6aeee2193df35185eabbd1bdc4259721354a826f,298cc69b8fb6b9652bf25ffb40a61a3b1d12df3066cd8fcbd3bd09539019c559,e1fc8ac8b0e8f554897a32aa298ac157b7ddfb5c3cc956abf47b4a7ae11bbe44,3d1f7342dfb2bf9f999a4a63916bd99e423927fa90334a329d9e423a4ed19c60,c686c397b59dccb90f73e4c94e198b1eeb4db4596f45dee6b4d727c3282916fe,a1d64325280a9a48e1b84dffe3c0ec45a28f2ddc674a4287ffab395cc4a0e1b8', 'Pi0utlxBxvgIW_0c6J8bWGTLYYuhQB35dBZtWf7uqqQ1VSr-j5ha8uiJOVLp2lWN');


--
-- Name: _fluent_migrations _fluent_migrations_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public._fluent_migrations
    ADD CONSTRAINT _fluent_migrations_pkey PRIMARY KEY (id);


--
-- Name: agreement_signatures agreement_signatures_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.agreement_signatures
    ADD CONSTRAINT agreement_signatures_pkey PRIMARY KEY (id);


--
-- Name: agreements agreements_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.agreements
    ADD CONSTRAINT agreements_pkey PRIMARY KEY (id);


--
-- Name: analysis_outputs analysis_outputs_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.analysis_outputs
    ADD CONSTRAINT analysis_outputs_pkey PRIMARY KEY (id);


--
-- Name: api_tokens api_tokens_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.api_tokens
    ADD CONSTRAINT api_tokens_pkey PRIMARY KEY (id);


--
-- Name: audit_checkpoints audit_checkpoints_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.audit_checkpoints
    ADD CONSTRAINT audit_checkpoints_pkey PRIMARY KEY (id);


--
-- Name: audit_events audit_events_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.audit_events
    ADD CONSTRAINT audit_events_pkey PRIMARY KEY (id);


--
-- Name: audit_requests audit_requests_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.audit_requests
    ADD CONSTRAINT audit_requests_pkey PRIMARY KEY (id);


--
-- Name: clerical_decisions clerical_decisions_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.clerical_decisions
    ADD CONSTRAINT clerical_decisions_pkey PRIMARY KEY (id);


--
-- Name: credentials credentials_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.credentials
    ADD CONSTRAINT credentials_pkey PRIMARY KEY (id);


--
-- Name: dataset_versions dataset_versions_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.dataset_versions
    ADD CONSTRAINT dataset_versions_pkey PRIMARY KEY (id);


--
-- Name: datasets datasets_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.datasets
    ADD CONSTRAINT datasets_pkey PRIMARY KEY (id);


--
-- Name: destruction_certificates destruction_certificates_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.destruction_certificates
    ADD CONSTRAINT destruction_certificates_pkey PRIMARY KEY (id);


--
-- Name: incidents incidents_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.incidents
    ADD CONSTRAINT incidents_pkey PRIMARY KEY (id);


--
-- Name: linkage_runs linkage_runs_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.linkage_runs
    ADD CONSTRAINT linkage_runs_pkey PRIMARY KEY (id);


--
-- Name: linked_records linked_records_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.linked_records
    ADD CONSTRAINT linked_records_pkey PRIMARY KEY (id);


--
-- Name: notifications notifications_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.notifications
    ADD CONSTRAINT notifications_pkey PRIMARY KEY (id);


--
-- Name: organisations organisations_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.organisations
    ADD CONSTRAINT organisations_pkey PRIMARY KEY (id);


--
-- Name: partnerships partnerships_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.partnerships
    ADD CONSTRAINT partnerships_pkey PRIMARY KEY (id);


--
-- Name: project_members project_members_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.project_members
    ADD CONSTRAINT project_members_pkey PRIMARY KEY (id);


--
-- Name: projects projects_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.projects
    ADD CONSTRAINT projects_pkey PRIMARY KEY (id);


--
-- Name: quality_issues quality_issues_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.quality_issues
    ADD CONSTRAINT quality_issues_pkey PRIMARY KEY (id);


--
-- Name: release_decisions release_decisions_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.release_decisions
    ADD CONSTRAINT release_decisions_pkey PRIMARY KEY (id);


--
-- Name: review_pairs review_pairs_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.review_pairs
    ADD CONSTRAINT review_pairs_pkey PRIMARY KEY (id);


--
-- Name: sessions sessions_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.sessions
    ADD CONSTRAINT sessions_pkey PRIMARY KEY (id);


--
-- Name: uploads uploads_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.uploads
    ADD CONSTRAINT uploads_pkey PRIMARY KEY (id);


--
-- Name: _fluent_migrations uq:_fluent_migrations.name; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public._fluent_migrations
    ADD CONSTRAINT "uq:_fluent_migrations.name" UNIQUE (name);


--
-- Name: agreement_signatures uq:agreement_signatures.agreement_id+agreement_signatures.versi; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.agreement_signatures
    ADD CONSTRAINT "uq:agreement_signatures.agreement_id+agreement_signatures.versi" UNIQUE (agreement_id, version, organisation);


--
-- Name: api_tokens uq:api_tokens.token_hash; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.api_tokens
    ADD CONSTRAINT "uq:api_tokens.token_hash" UNIQUE (token_hash);


--
-- Name: audit_events uq:audit_events.chain+audit_events.seq; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.audit_events
    ADD CONSTRAINT "uq:audit_events.chain+audit_events.seq" UNIQUE (chain, seq);


--
-- Name: clerical_decisions uq:clerical_decisions.project_id+clerical_decisions.key_a+cleri; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.clerical_decisions
    ADD CONSTRAINT "uq:clerical_decisions.project_id+clerical_decisions.key_a+cleri" UNIQUE (project_id, key_a, key_b);


--
-- Name: dataset_versions uq:dataset_versions.dataset_id+dataset_versions.number; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.dataset_versions
    ADD CONSTRAINT "uq:dataset_versions.dataset_id+dataset_versions.number" UNIQUE (dataset_id, number);


--
-- Name: datasets uq:datasets.project_id+datasets.name; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.datasets
    ADD CONSTRAINT "uq:datasets.project_id+datasets.name" UNIQUE (project_id, name);


--
-- Name: linked_records uq:linked_records.run_id+linked_records.record_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.linked_records
    ADD CONSTRAINT "uq:linked_records.run_id+linked_records.record_key" UNIQUE (run_id, record_key);


--
-- Name: organisations uq:organisations.name; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.organisations
    ADD CONSTRAINT "uq:organisations.name" UNIQUE (name);


--
-- Name: partnerships uq:partnerships.name; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.partnerships
    ADD CONSTRAINT "uq:partnerships.name" UNIQUE (name);


--
-- Name: project_members uq:project_members.project_id+project_members.user_id; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.project_members
    ADD CONSTRAINT "uq:project_members.project_id+project_members.user_id" UNIQUE (project_id, user_id);


--
-- Name: release_decisions uq:release_decisions.output_id+release_decisions.kind+release_d; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.release_decisions
    ADD CONSTRAINT "uq:release_decisions.output_id+release_decisions.kind+release_d" UNIQUE (output_id, kind, user_id);


--
-- Name: sessions uq:sessions.token_hash; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.sessions
    ADD CONSTRAINT "uq:sessions.token_hash" UNIQUE (token_hash);


--
-- Name: users uq:users.email; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.users
    ADD CONSTRAINT "uq:users.email" UNIQUE (email);


--
-- Name: users users_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.users
    ADD CONSTRAINT users_pkey PRIMARY KEY (id);


--
-- Name: agreement_signatures agreement_signatures_agreement_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.agreement_signatures
    ADD CONSTRAINT agreement_signatures_agreement_id_fkey FOREIGN KEY (agreement_id) REFERENCES public.agreements(id);


--
-- Name: agreements agreements_project_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.agreements
    ADD CONSTRAINT agreements_project_id_fkey FOREIGN KEY (project_id) REFERENCES public.projects(id);


--
-- Name: analysis_outputs analysis_outputs_project_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.analysis_outputs
    ADD CONSTRAINT analysis_outputs_project_id_fkey FOREIGN KEY (project_id) REFERENCES public.projects(id);


--
-- Name: analysis_outputs analysis_outputs_run_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.analysis_outputs
    ADD CONSTRAINT analysis_outputs_run_id_fkey FOREIGN KEY (run_id) REFERENCES public.linkage_runs(id);


--
-- Name: clerical_decisions clerical_decisions_project_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.clerical_decisions
    ADD CONSTRAINT clerical_decisions_project_id_fkey FOREIGN KEY (project_id) REFERENCES public.projects(id);


--
-- Name: credentials credentials_organisation_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.credentials
    ADD CONSTRAINT credentials_organisation_id_fkey FOREIGN KEY (organisation_id) REFERENCES public.organisations(id);


--
-- Name: dataset_versions dataset_versions_dataset_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.dataset_versions
    ADD CONSTRAINT dataset_versions_dataset_id_fkey FOREIGN KEY (dataset_id) REFERENCES public.datasets(id);


--
-- Name: datasets datasets_project_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.datasets
    ADD CONSTRAINT datasets_project_id_fkey FOREIGN KEY (project_id) REFERENCES public.projects(id);


--
-- Name: linkage_runs linkage_runs_project_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.linkage_runs
    ADD CONSTRAINT linkage_runs_project_id_fkey FOREIGN KEY (project_id) REFERENCES public.projects(id);


--
-- Name: linked_records linked_records_run_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.linked_records
    ADD CONSTRAINT linked_records_run_id_fkey FOREIGN KEY (run_id) REFERENCES public.linkage_runs(id);


--
-- Name: project_members project_members_project_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.project_members
    ADD CONSTRAINT project_members_project_id_fkey FOREIGN KEY (project_id) REFERENCES public.projects(id);


--
-- Name: project_members project_members_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.project_members
    ADD CONSTRAINT project_members_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.users(id);


--
-- Name: projects projects_partnership_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.projects
    ADD CONSTRAINT projects_partnership_id_fkey FOREIGN KEY (partnership_id) REFERENCES public.partnerships(id);


--
-- Name: release_decisions release_decisions_output_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.release_decisions
    ADD CONSTRAINT release_decisions_output_id_fkey FOREIGN KEY (output_id) REFERENCES public.analysis_outputs(id);


--
-- Name: review_pairs review_pairs_run_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.review_pairs
    ADD CONSTRAINT review_pairs_run_id_fkey FOREIGN KEY (run_id) REFERENCES public.linkage_runs(id);


--
-- Name: sessions sessions_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.sessions
    ADD CONSTRAINT sessions_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.users(id) ON DELETE CASCADE;


--
-- Name: users users_organisation_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.users
    ADD CONSTRAINT users_organisation_id_fkey FOREIGN KEY (organisation_id) REFERENCES public.organisations(id);


--
-- PostgreSQL database dump complete
--


