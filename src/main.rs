//! The `recall` binary: parse nothing here, hand the arguments to the library and turn its
//! result into an exit code (0 ok, 1 findings, 2 usage or I/O error).

use std::process::ExitCode;

/// `recall check` on a large deck allocates millions of small strings; mimalloc serves them
/// at a fraction of the system allocator's cost.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    match recall::run(std::env::args_os()) {
        Ok(status) => ExitCode::from(status.code()),
        Err(err) => {
            let code = err.exit_code();
            let message = err.to_string();
            if !message.is_empty() {
                eprintln!("recall: {message}");
            }
            ExitCode::from(code)
        }
    }
}
