// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "mawp",
    products: [
        .executable(name: "mawp", targets: ["mawp"]),
        .executable(name: "mawp-server", targets: ["mawp-server"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        // The server only (the mawp CLI links none of it but bcrypt's C code).
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.25.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        // The server only: SHA-256 of session ids and HMAC of visitors' form tokens.
        .package(url: "https://github.com/apple/swift-crypto", "3.0.0"..<"5.0.0"),
        // Tests only: a real CSV reader to parse mawp's CSV back.
        .package(url: "https://github.com/yaslab/CSV.swift", from: "2.5.0"),
    ],
    targets: [
        // 1. The C-module shim over the system SQLite.
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        // The system zlib, for the ZIP container of .xlsx files.
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        // 2a. The thin Swift SQLite layer: connection, statement, errors, transactions, migrator.
        .target(name: "SQLite", dependencies: ["CSQLite"]),
        // 2b'. Slow hashes for secrets (bcrypt's C code, from hummingbird-auth; no NIO).
        .target(name: "Secrets", dependencies: [.product(name: "HummingbirdBcrypt", package: "hummingbird-auth")]),
        // 2b. The domain values and the repository; the migrations are embedded at build time.
        .target(
            name: "WorkPlan",
            dependencies: ["SQLite", "Secrets"],
            plugins: ["EmbedMigrationsPlugin"]
        ),
        // 3a. Office Open XML: typed cells written as .xlsx, headed text as .docx (in a ZIP of ours over zlib).
        .target(name: "OpenXML", dependencies: ["CZlib"]),
        // 3b. Views of the domain values: text, Markdown, CSV, JSON, HTML, xlsx.
        .target(name: "Rendering", dependencies: ["WorkPlan", "OpenXML"]),
        // 3c. The command line.
        .executableTarget(
            name: "mawp",
            dependencies: [
                "WorkPlan",
                "Rendering",
                "OpenXML",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // 3d. The server: the JSON API over the same WorkPlan calls, on Hummingbird.
        .executableTarget(
            name: "mawp-server",
            dependencies: [
                "WorkPlan",
                "Secrets",
                "Rendering",
                "OpenXML",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "HummingbirdAuth", package: "hummingbird-auth"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            plugins: ["EmbedOpenAPIPlugin"]
        ),
        // Build tool that embeds migrations/*.sql into WorkPlan (and openapi.json into the server).
        .executableTarget(name: "EmbedMigrations"),
        .plugin(
            name: "EmbedMigrationsPlugin",
            capability: .buildTool(),
            dependencies: ["EmbedMigrations"]
        ),
        .plugin(
            name: "EmbedOpenAPIPlugin",
            capability: .buildTool(),
            dependencies: ["EmbedMigrations"]
        ),
        .testTarget(name: "SQLiteTests", dependencies: ["SQLite"]),
        .testTarget(
            name: "WorkPlanTests",
            dependencies: ["WorkPlan", "Rendering", "OpenXML", "Secrets", .product(name: "Crypto", package: "swift-crypto")],
            exclude: ["Fixtures"]
        ),
        .testTarget(name: "ServerTests", dependencies: ["mawp", "mawp-server"]),
        .testTarget(
            name: "CLITests",
            dependencies: ["mawp", "SQLite", .product(name: "CSV", package: "CSV.swift")],
            exclude: ["Fixtures"]
        ),
    ]
)
