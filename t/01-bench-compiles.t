# The benchmark (./quickstart bench) is not run by make check, which
# takes minutes of a quiet machine; it must at least compile, so that a
# merge that breaks it is seen at once.
use strict;
use warnings;
use Test::More;

my $src = $ENV{UG_SRCDIR} // '.';
my $out = `$^X -I$src/t/lib -c $src/bench/run.pl 2>&1`;
is($?, 0, 'bench/run.pl compiles') or diag $out;
done_testing;
