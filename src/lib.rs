//! claimcheck: extract every quantitative claim from a corpus of news
//! articles into a Polars frame, and check the numbers.
//!
//! The pipeline flows one way: [`corpus`] (walk, read, metadata) →
//! [`extract`] (sentences, numbers, units, time, metrics, relations) →
//! [`frame`] (the claims frame) → [`report`] (the only module that writes
//! output). Every stage returns data; nothing but `report` prints.

pub mod app;
pub mod baseline;
pub mod binfile;
pub mod cache;
pub mod check;
pub mod claim;
pub mod claim_store;
pub mod claims_file;
pub mod cli;
pub mod config;
pub mod corpus;
pub mod extract;
pub mod finding;
pub mod frame;
pub mod incremental;
pub mod interval;
pub mod memory;
pub mod output;
pub mod report;
pub mod rules;
pub mod sym;
pub mod timings;
pub mod yaml;
