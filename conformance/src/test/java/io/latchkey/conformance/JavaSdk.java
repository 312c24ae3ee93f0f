package io.latchkey.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.stytch.java.b2b.StytchB2BClient;
import com.stytch.java.common.ErrorResponse;
import com.stytch.java.common.OptionalClientConfig;
import com.stytch.java.common.StytchException;
import com.stytch.java.common.StytchResult;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The official Java SDK as an application uses it, and the two outcomes tests expect from a
 * call: a success value, or the SDK's API error ({@code StytchResult.Error} holding a
 * {@code StytchException.Response} with the server's {@link ErrorResponse}).
 */
final class JavaSdk {
    /** A safety net so a hung call fails the test instead of the build; not a timing assertion. */
    private static final long CALL_TIMEOUT_SECONDS = 60;

    private JavaSdk() {}

    /** A B2B client pointed at {@code baseUrl}, given without a trailing slash as the contract says. */
    static StytchB2BClient client(String baseUrl, String projectId, String secret) {
        return new StytchB2BClient(projectId, secret, new OptionalClientConfig(baseUrl));
    }

    /** The call's value; fails with the SDK's description of the error otherwise. */
    static <T> T ok(CompletableFuture<StytchResult<T>> call) {
        StytchResult<T> result = await(call);
        if (result instanceof StytchResult.Success<T> success) {
            return success.getValue();
        }
        StytchException exception = ((StytchResult.Error) result).getException();
        throw new AssertionError("expected success but the SDK returned " + describe(exception), exception);
    }

    /**
     * The server's error as the SDK parsed it; fails when the call succeeded or the SDK could not
     * map the response (a {@code StytchException.Critical}).
     */
    static ErrorResponse apiError(CompletableFuture<? extends StytchResult<?>> call) {
        StytchResult<?> result = await(call);
        if (result instanceof StytchResult.Success<?> success) {
            throw new AssertionError("expected an API error but the call succeeded: " + success.getValue());
        }
        StytchException exception = ((StytchResult.Error) result).getException();
        if (exception instanceof StytchException.Response response) {
            return response.getReason();
        }
        throw new AssertionError("expected StytchException.Response but got " + describe(exception), exception);
    }

    /** {@link #apiError} plus the contract's error shape: status, type, message, URL, request id. */
    static ErrorResponse assertApiError(
            CompletableFuture<? extends StytchResult<?>> call, int statusCode, String errorType) {
        ErrorResponse error = apiError(call);
        assertThat(error.getStatusCode()).as("status_code of %s", error).isEqualTo(statusCode);
        assertThat(error.getErrorType()).as("error_type of %s", error).isEqualTo(errorType);
        assertThat(error.getErrorMessage()).as("error_message").isNotBlank();
        assertThat(error.getErrorUrl()).as("error_url").startsWith("https://");
        assertThat(error.getRequestId()).as("request_id").isNotBlank();
        return error;
    }

    /**
     * The SDK's failure of a call that must fail, whatever its kind: an API error
     * ({@code StytchException.Response}) or one raised in the SDK itself, such as a session JWT that
     * does not verify locally ({@code StytchException.Critical}).
     */
    static StytchException failure(CompletableFuture<? extends StytchResult<?>> call) {
        StytchResult<?> result = await(call);
        if (result instanceof StytchResult.Success<?> success) {
            throw new AssertionError("expected the call to fail but it succeeded: " + success.getValue());
        }
        return ((StytchResult.Error) result).getException();
    }

    static <R> R await(CompletableFuture<R> call) {
        try {
            return call.get(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } catch (ExecutionException e) {
            throw new AssertionError("the SDK call threw", e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("the SDK call did not complete", e);
        }
    }

    private static String describe(StytchException exception) {
        if (exception instanceof StytchException.Response response) {
            return "API error " + response.getReason();
        }
        if (exception instanceof StytchException.Critical critical) {
            return "critical error " + critical.getReason() + " for response " + critical.getResponse();
        }
        return String.valueOf(exception);
    }
}
