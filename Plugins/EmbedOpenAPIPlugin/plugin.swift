import Foundation
import PackagePlugin

/// Embeds the package's top-level `openapi.json` (the API's description, kept in the
/// repository) into the server as `OpenAPIDocument.text`, so that the binary serves it from
/// anywhere.
@main
struct EmbedOpenAPIPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let document = context.package.directoryURL.appending(path: "openapi.json")
        let output = context.pluginWorkDirectoryURL.appending(path: "OpenAPIDocument.swift")
        return [
            .buildCommand(
                displayName: "Embedding openapi.json",
                executable: try context.tool(named: "EmbedMigrations").url,
                arguments: ["--text", output.path, "OpenAPIDocument", document.path],
                inputFiles: [document],
                outputFiles: [output]
            )
        ]
    }
}
