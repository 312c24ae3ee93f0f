package io.latchkey.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.latchkey.server.config.SettingsException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code latchkey start} reads the SMS provider from the environment, or runs without one. */
class SmsStartSettingsTest {
    @Test
    void startReadsTheSmsProviderAndRefusesAnIncompleteOne() {
        Map<String, String> env = StartCommandTest.complete();
        assertThat(StartCommand.settings(env, null, null).sms()).isNull();

        env.put("LATCHKEY_SMS_PROVIDER_URL", "https://api.twilio.com/2010-04-01/Accounts/AC1/Messages.json");
        env.put("LATCHKEY_SMS_ACCOUNT_SID", "AC1");
        env.put("LATCHKEY_SMS_AUTH_TOKEN", "token");
        env.put("LATCHKEY_SMS_FROM", "+15005550006");
        var sms = StartCommand.settings(env, null, null).sms();
        assertThat(sms.providerUrl().getHost()).isEqualTo("api.twilio.com");
        assertThat(sms.accountSid()).isEqualTo("AC1");
        assertThat(sms.from()).isEqualTo("+15005550006");

        env.remove("LATCHKEY_SMS_FROM");
        assertThatThrownBy(() -> StartCommand.settings(env, null, null))
                .isInstanceOf(SettingsException.class)
                .hasMessageContaining("LATCHKEY_SMS_FROM");
    }
}
