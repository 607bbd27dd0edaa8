pub mod fair_work;
pub mod figures;
pub mod form;
pub mod header;
pub mod load;
pub mod section_nav;
pub mod shell;
pub mod work_request;
