// mimalloc: the import's threads hand millions of small strings to each other
// and to SQLite; glibc's allocator spent ~40 % of the SQLite thread there
// (BENCHMARKS.md, "Grid (M10)").
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    fazhi::cli::main()
}
