# Out of file descriptors at accept (review D18): the connection stays
# queued and the listening socket stays readable, so every try fails at
# once; usergate waits a little between tries and logs one line for a
# spell of them rather than one per try, and a SIGTERM still stops it.
use strict;
use warnings;
use Test::More;
use IO::Socket::UNIX;
use POSIX ();
use Time::HiRes qw(sleep time);
use lib 't/lib';
use UG;

plan skip_all => 'needs prlimit(1)'
    if system('prlimit --version >/dev/null 2>&1') != 0;
plan skip_all => 'descriptor counts differ under valgrind' if $UG::VALGRIND;

my $ug = UG->new(conf => { threads => 2 }, quiet => 1)->start(how => 'spawn');
my $d = $ug->dir;

# usergate serve --listen, under a descriptor limit of lim (none: undef);
# returns its pid once it serves.
sub serve {
	my ($name, $lim) = @_;
	my $log = "$d/$name.log";
	UG::spew($log, '', 0666);
	$lim = "$lim:$lim" if defined $lim && $lim !~ /:/;
	my @pre = defined $lim ? ('prlimit', "--nofile=$lim", '--') : ();
	my $pid = UG::spawn("$d/$name.out", { %{ $ug->env }, USERGATE_LOG => $log },
	    @pre, $ug->usergate_cmd, 'serve', '--listen', "$d/$name.sock");
	UG::wait_for("usergate $name", 20,
	    sub { UG::slurp($log) =~ /serving FastCGI/ });
	return $pid;
}

sub stop {
	my ($pid) = @_;
	kill 'TERM', $pid;
	waitpid($pid, 0);
	return $?;
}

# A soft limit under the hard one is raised to it: each connection nginx
# keeps is a descriptor, and the usual soft 1024 is select(2)'s limit,
# not usergate's.
my $pid = serve('raised', '256:2048');
my ($soft, $hard) = UG::slurp("/proc/$pid/limits") =~
    /^Max open files\s+(\d+)\s+(\d+)/m;
is("$soft:$hard", '2048:2048', 'the soft descriptor limit is raised to the hard');
is(stop($pid), 0, 'and it stops, status 0');

# The limit bounds descriptor numbers, and a new one takes the lowest
# free number: an idle usergate's lowest free one is a limit under which
# it runs but cannot accept (inherited descriptors above it stay open).
$pid = serve('probe');
my %used = map { m{/(\d+)$} ? ($1 => 1) : () } glob("/proc/$pid/fd/*");
my $free = 0;
$free++ while $used{$free};
stop($pid);
$pid = serve('starved', $free);
my $sock = "$d/starved.sock";
my @held;
for (1 .. 20) {
	push @held, IO::Socket::UNIX->new(Peer => $sock) // last;
}
ok(@held >= 10, scalar(@held) . ' connections made; the rest of them wait');
sleep 3;
my $lines = () = UG::slurp("$d/starved.log") =~ /accept: Too many open files/g;
ok($lines >= 1, 'the shortage is logged');
ok($lines <= 1, "once in 3 s, not once per try (got $lines)");
is(stop($pid), 0, 'SIGTERM stops it, status 0');
like(UG::slurp("$d/starved.log"), qr/stopped/, 'and it says so');
close $_ for @held;

$ug->stop;
done_testing;
