pub mod city;
pub mod company;
pub mod console;
pub mod hub;
pub mod landing;
pub mod login;
pub mod not_found;
pub mod resident;
