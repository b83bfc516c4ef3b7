//! The facts people write: an application (one park, one year), a park profile and a plan,
//! read from YAML with every problem named; their schemas and starter files.

pub mod application;
pub mod fault;
pub mod input;
pub mod plan;
pub mod profile;
pub mod schema;
pub mod starter;
pub mod yaml;
