# Renders one service's JVM options from jvm.options, on one line. The one reader of the file's
# format besides the test harness (tifosi-load JvmOptions, which a test keeps in step with this):
# ./boxbox runs it for `up` and `jvm-options`, the Dockerfile for each image's /app/jvm.options.
#   awk -v svc=maestro -v jdk=21 -v services="panettiere chef-sim ..." -f jvm-options.awk jvm.options
# A line may start with selectors and holds only where all match: [<service>] for that service,
# [jdkN+] on a JDK N or newer. An unknown selector is an error (exit 1), not a line dropped.
# POSIX awk only: Debian's gawk, Ubuntu's mawk in the runtime image.
BEGIN {
  if (svc == "" || jdk !~ /^[0-9]+$/ || services == "") {
    print "jvm-options.awk: needs -v svc=<service> -v jdk=<major> -v services=\"<all services>\"" > "/dev/stderr"
    bad = 1
    exit 1
  }
  services = " " services " "
}
{
  sub(/#.*/, "")
  line = $0
  keep = 1
  while (match(line, /^[ \t]*\[[^]]*\]/)) {
    sel = substr(line, RSTART, RLENGTH)
    gsub(/[ \t]|\[|\]/, "", sel)
    line = substr(line, RSTART + RLENGTH)
    if (sel ~ /^jdk[0-9]+\+$/) {
      n = sel
      gsub(/[^0-9]/, "", n)
      if (jdk + 0 < n + 0) keep = 0
    } else if (index(services, " " sel " ")) {
      if (sel != svc) keep = 0
    } else {
      print "jvm.options:" NR ": unknown selector [" sel "] (a service or jdkN+)" > "/dev/stderr"
      bad = 1
      exit 1
    }
  }
  if (keep) {
    n = split(line, opt, /[ \t]+/)
    for (i = 1; i <= n; i++) if (opt[i] != "") out = out (out == "" ? "" : " ") opt[i]
  }
}
END {
  if (bad) exit 1
  print out
}
