//! The Fazhi server: storage (`db`), the kernel every write goes through
//! (`kernel`), platform services (`platform`), HTTP (`web`), demo data (`demo`)
//! and the command line (`cli`).
pub mod bench_seed;
pub mod cli;
pub mod config;
pub mod db;
pub mod demo;
pub mod disclosure;
pub mod error;
pub mod kernel;
pub mod legal_review;
pub mod grid;
pub mod mediation;
pub mod major_decision;
pub mod meeting;
pub mod platform;
pub mod web;
