//! Reports as files on disk, for the front ends: folders walked into report files
//! ([`walk`]), a file read in whatever format it is in ([`input`]), the `nianbao.toml` that
//! applies to it ([`config`]) and the check of one file ([`check`]).

pub mod check;
pub mod config;
pub mod input;
pub mod walk;
