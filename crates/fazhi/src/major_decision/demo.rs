//! 西联镇 2021 demo decisions (filled below).
