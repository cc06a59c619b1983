# funclen.awk: lists C functions longer than LIMIT lines (awk -v LIMIT=150 -f mk/funclen.awk FILE...).
# A function is a signature at column 0 with its body opened by "{" and closed by "}" at column 0 (OpenBSD style).
/^[A-Za-z_].*\(/ && !/;[ \t]*$/ { sig = $0; sigline = FNR }
/^\{/ || (/^[A-Za-z_].*\)[ \t]*\{[ \t]*$/) { if (!infn) { infn = 1; start = sigline ? sigline : FNR; name = sig } }
/^\}/ { if (infn) { n = FNR - start + 1; if (n > LIMIT) printf "%s:%d: %d lines: %s\n", FILENAME, start, n, name; infn = 0; sigline = 0 } }
