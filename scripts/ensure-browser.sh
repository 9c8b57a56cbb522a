#!/bin/sh
# Installs Debian's headless Chromium for the browser tests when it is missing.
# Without root or network the browser tests skip themselves with a message.
if command -v chromium >/dev/null 2>&1; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
        || echo "chromium could not be installed: browser tests will be skipped"
else
    echo "chromium is not installed: browser tests will be skipped"
fi
