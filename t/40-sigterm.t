# SIGTERM with requests in flight: each started request is answered,
# then the process exits 0.
use strict;
use warnings;
use Test::More;
use IO::Socket::INET;
use Time::HiRes qw(sleep time);
use lib 't/lib';
use UG;

# Slow, serialised hashing keeps several requests in flight at once.
my $ug = UG->new(conf => { password_scheme => 'bcrypt', password_cost => 12,
    hash_concurrency => 1, threads => 4 })->start(how => 'spawn');
$ug->add_user('sam', 'sampw', 'user');

my @socks;
my $body = UG::urlencode([username => 'sam', password => 'sampw']);
for (1 .. 4) {
	my $s = IO::Socket::INET->new(PeerAddr => '127.0.0.1',
	    PeerPort => $ug->port) or die "connect: $!";
	print $s "POST /login.php?mode=2 HTTP/1.0\r\nHost: x\r\n"
	    . "Content-Type: application/x-www-form-urlencoded\r\n"
	    . "Content-Length: " . length($body) . "\r\nConnection: close\r\n\r\n"
	    . $body;
	push @socks, $s;
}
sleep 0.4;
my $pid = $ug->usergate_pid;
kill 'TERM', $pid;
my $t0 = time;
my $answered = 0;
for my $s (@socks) {
	local $/;
	my $resp = <$s> // '';
	$answered++ if $resp =~ m{^HTTP/1\.1 200 } && $resp =~ /\r\n\r\n\{"state":"1"\}$/;
	diag($resp) unless $resp =~ /"state":"1"/;
}
is($answered, 4, 'every request in flight was answered');
my $took = $ug->stop_usergate('TERM');	# already signalled; reaps it
is($ug->{usergate_status}, 0, 'usergate exited with status 0');
ok(time - $t0 < 20, 'and did so promptly');
like(UG::slurp($ug->dir . '/usergate.log'), qr/finishing requests in flight.*stopped/s,
    'the log says so');

$ug->stop;
done_testing;
