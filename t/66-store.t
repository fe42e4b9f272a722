# t/unit/store (the unit tests of lib/user.c, lib/session.c and lib/db.c
# that need a database) against a private stack's MariaDB.
use strict;
use warnings;
use Test::More;
use lib 't/lib';
use UG;

my $ug = UG->new(quiet => 1)->start;
my $prog = "$UG::BUILDDIR/t/unit/store";
ok(-x $prog, 't/unit/store is built') or BAIL_OUT('no t/unit/store');
my $out;
{
	local %ENV = (%ENV, %{ $ug->env });
	$out = `$prog 2>&1`;
}
my $rc = $? >> 8;
my ($plan, $n) = (undef, 0);
for my $line (split /\n/, $out) {
	if ($line =~ /^(not )?ok \d+ - (.*)$/) {
		ok(!$1, "store: $2");
		$n++;
	} elsif ($line =~ /^1\.\.(\d+)/) {
		$plan = $1;
	} else {
		diag($line);
	}
}
is($n, $plan, 'store: every planned test ran');
is($rc, 0, 'store: exit status 0');
$ug->stop;
done_testing;
