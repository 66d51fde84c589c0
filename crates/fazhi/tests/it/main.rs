//! One integration-test binary (linking dominates on small machines). Each test
//! starts the real server in-process on port 0 against a real database: a fresh
//! SQLite file, or with TEST_DATABASE_URL a fresh PostgreSQL schema.
mod support;

mod access;
mod attachments;
mod audit;
mod auth;
mod bench_seed;
mod calendar;
mod cli;
mod disclosure_publication;
mod disclosure_report;
mod disclosure_requests;
mod grid_register;
mod grid_events;
mod mediation;
mod major_decision;
mod errors;
mod grid_import;
mod kernel;
mod legal_review;
mod legal_review_http;
mod lists;
mod meeting;
mod meeting_oparl;
mod personal;
mod search;
