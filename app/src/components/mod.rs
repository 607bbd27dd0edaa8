pub mod figures;
pub mod header;
