// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "mawp",
    products: [
        .executable(name: "mawp", targets: ["mawp"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
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
        // 2a. The thin Swift SQLite layer: connection, statement, errors, transactions, migrator.
        .target(name: "SQLite", dependencies: ["CSQLite"]),
        // 2b. The domain values and the repository; the migrations are embedded at build time.
        .target(
            name: "WorkPlan",
            dependencies: ["SQLite"],
            plugins: ["EmbedMigrationsPlugin"]
        ),
        // 3a. Views of the domain values: text, Markdown, CSV, JSON.
        .target(name: "Rendering", dependencies: ["WorkPlan"]),
        // 3b. The command line.
        .executableTarget(
            name: "mawp",
            dependencies: [
                "WorkPlan",
                "Rendering",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Build tool that embeds migrations/*.sql into WorkPlan.
        .executableTarget(name: "EmbedMigrations"),
        .plugin(
            name: "EmbedMigrationsPlugin",
            capability: .buildTool(),
            dependencies: ["EmbedMigrations"]
        ),
        .testTarget(name: "SQLiteTests", dependencies: ["SQLite"]),
        .testTarget(name: "WorkPlanTests", dependencies: ["WorkPlan", "Rendering"], exclude: ["Fixtures"]),
        .testTarget(
            name: "CLITests",
            dependencies: ["mawp", "SQLite", .product(name: "CSV", package: "CSV.swift")],
            exclude: ["Fixtures"]
        ),
    ]
)
