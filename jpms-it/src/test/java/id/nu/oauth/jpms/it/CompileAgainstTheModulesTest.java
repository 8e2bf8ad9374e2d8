package id.nu.oauth.jpms.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The compiler enforces the boundary: a host module is compiled with javac against the same module
 * path these tests run on. Code that uses only exported packages compiles; code that reaches for a
 * module the engine uses but does not pass on, or for a module it does not require, does not.
 */
class CompileAgainstTheModulesTest {

    private Path sources;

    @BeforeEach
    void sources() throws IOException {
        sources = Files.createTempDirectory("jpms-host");
    }

    @AfterEach
    void clean() throws IOException {
        try (Stream<Path> files = Files.walk(sources)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    @Test
    void aHostThatUsesTheExportedApiCompiles() throws IOException {
        Result result = compile("requires id.nu.oauth.core;", """
                import id.nu.oauth.client.Client;
                import id.nu.oauth.core.AuthorizationServer;
                import id.nu.oauth.storage.memory.InMemoryStorage;
                import java.net.URI;
                public class Host {
                    static AuthorizationServer engine() {
                        return AuthorizationServer.builder().issuer(URI.create("https://portal.example/api"))
                                .storage(InMemoryStorage.create()).build();
                    }
                    static Class<?> model() { return Client.class; }
                }
                """);
        assertThat(result.status()).as(result.output()).isZero();
    }

    @Test
    void nimbusIsNotVisibleThroughTheEngine() throws IOException {
        Result result = compile("requires id.nu.oauth.core;", """
                public class Host {
                    Object id = new com.nimbusds.oauth2.sdk.id.ClientID("app");
                }
                """);
        assertThat(result.status()).isNotZero();
        assertThat(result.output()).contains("package com.nimbusds.oauth2.sdk.id is not visible");
    }

    @Test
    void aModuleTheHostDoesNotRequireIsNotVisible() throws IOException {
        Result result = compile("requires id.nu.oauth.core;", """
                public class Host {
                    Object storage = id.nu.oauth.storage.jdbc.JdbcStorage.h2(null);
                }
                """);
        assertThat(result.status()).isNotZero();
        assertThat(result.output()).contains("package id.nu.oauth.storage.jdbc is not visible");
    }

    @Test
    void aPackagePrivateEngineClassDoesNotCompile() throws IOException {
        Result result = compile("requires id.nu.oauth.core;", """
                public class Host {
                    Object hasher = id.nu.oauth.core.TokenHasher.class;
                }
                """);
        assertThat(result.status()).isNotZero();
        assertThat(result.output()).contains("TokenHasher is not public in id.nu.oauth.core");
    }

    private record Result(int status, String output) {
    }

    private Result compile(String requires, String host) throws IOException {
        Path module = Files.createDirectories(sources.resolve("src"));
        Files.writeString(module.resolve("module-info.java"), "module org.example.host { " + requires + " }");
        Path pkg = Files.createDirectories(module.resolve("org/example/host"));
        Files.writeString(pkg.resolve("Host.java"), "package org.example.host;\n" + host);
        String modulePath = System.getProperty("jdk.module.path");
        assertThat(modulePath).as("these tests run on the module path").isNotBlank();
        ToolProvider javac = ToolProvider.findFirst("javac").orElseThrow();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8)) {
            int status = javac.run(print, print, "--release", "17", "-proc:none", "-Xlint:-options",
                    "--module-path", modulePath, "-d", sources.resolve("out").toString(),
                    module.resolve("module-info.java").toString(), pkg.resolve("Host.java").toString());
            return new Result(status, out.toString(StandardCharsets.UTF_8));
        }
    }
}
