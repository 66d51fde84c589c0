//! People's mediation (人民调解, spec §9; 人民调解法 = S5).
pub mod agreement;
pub mod case;
pub mod committee;
pub mod figures;
pub mod model;
