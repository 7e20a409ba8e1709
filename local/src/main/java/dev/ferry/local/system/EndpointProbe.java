package dev.ferry.local.system;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;

/**
 * Whether anything listens at an external endpoint, asked once before provisioning starts: otherwise the first AWS call
 * fails after the SDK's retries with a long message about the HTTP client.
 */
final class EndpointProbe {
    static final Duration TIMEOUT = Duration.ofSeconds(3);

    private EndpointProbe() {
    }

    /** Returns when a TCP connection to the endpoint's host and port opens; else an exception that says what to do. */
    static void requireListening(URI endpoint) {
        int port = endpoint.getPort() != -1 ? endpoint.getPort() : "https".equals(endpoint.getScheme()) ? 443 : 80;
        String why;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(endpoint.getHost(), port), (int) TIMEOUT.toMillis());
            return;
        } catch (UnknownHostException e) {
            why = "the host " + endpoint.getHost() + " is unknown";
        } catch (ConnectException e) {
            why = "nothing listens on " + endpoint.getHost() + ":" + port + " (" + e.getMessage() + ")";
        } catch (SocketTimeoutException e) {
            why = "no answer from " + endpoint.getHost() + ":" + port + " within " + TIMEOUT.toSeconds() + " s";
        } catch (NoRouteToHostException e) {
            why = "no route to " + endpoint.getHost();
        } catch (IOException e) {
            why = e.getMessage();
        }
        throw new IllegalStateException("the endpoint " + endpoint + " cannot be reached: " + why
                + ". Start it (e.g. LocalStack: 'localstack start', or its Docker container) or name another one");
    }
}
