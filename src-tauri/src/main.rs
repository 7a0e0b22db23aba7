fn main() {
    std::process::exit(loopio_scim::cli::main());
}
