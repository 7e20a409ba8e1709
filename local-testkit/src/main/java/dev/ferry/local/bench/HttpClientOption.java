package dev.ferry.local.bench;

import picocli.CommandLine.Option;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

/**
 * A benchmark's {@code --http url|apache} (and {@code --help}): the SDK HTTP client its clients use,
 * url-connection-client (what Ferry's tests use) or Apache HttpClient 5.
 */
public final class HttpClientOption {
    /** The choices, as written on the command line. */
    public enum Client { url, apache }

    @Option(names = "--http", defaultValue = "url", description = "the SDK's HTTP client: ${COMPLETION-CANDIDATES} (default: url)")
    private Client client;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "this usage")
    private boolean help;

    public String name() {
        return client.name();
    }

    public SdkHttpClient create() {
        return client == Client.apache ? Apache5HttpClient.create() : UrlConnectionHttpClient.create();
    }
}
