//! Data the server loads into the database: the reference data every installation needs, and the demo
//! data generator for development and benchmarks.

pub mod demo;
pub mod reference;
