#!/usr/bin/env bash
# Writes a JUnit file with one failed test for a suite that crashed before reporting.
# usage: junit_crash.sh OUT.xml SUITE MESSAGE
cat > "$1" <<XML
<?xml version="1.0" encoding="UTF-8"?>
<testsuites><testsuite name="$2" tests="1" failures="1"><testcase classname="$2" name="suite">
<failure message="$3"/></testcase></testsuite></testsuites>
XML
