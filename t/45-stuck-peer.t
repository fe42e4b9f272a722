# A FastCGI peer that connects and then stalls (only nginx should reach
# the socket, but a stuck or buggy one must not hold a worker forever):
# after peer_timeout the worker lets go, and SIGTERM is not held up.
use strict;
use warnings;
use Test::More;
use IO::Socket::UNIX;
use Time::HiRes qw(time);
use lib 't/lib';
use UG;

my $ug = UG->new(conf => { threads => 1, peer_timeout => 2 })
    ->start(how => 'spawn');
my $sock = $ug->dir . '/usergate.sock';

# The only worker takes a connection that never sends a byte.
my $stuck = IO::Socket::UNIX->new(Peer => $sock) or die "connect: $!";
my $t0 = time;
my $r = $ug->post('/login.php?mode=0', [openid => 'x', wechat_name => 'y']);
is($r->{content}, '0', 'an ordinary request is answered');
my $took = time - $t0;
ok($took >= 1 && $took < 10, sprintf('once the stalled peer timed out (%.1f s)', $took));

# A peer that stops half-way through a record.
my $half = IO::Socket::UNIX->new(Peer => $sock) or die "connect: $!";
print $half "\x01\x01\x00\x01\x00\x08";	# a BEGIN_REQUEST header, no body
$r = $ug->post('/login.php?mode=0', [openid => 'x', wechat_name => 'y']);
is($r->{content}, '0', 'and again after a half-sent record');

# SIGTERM while a worker waits on a stalled peer still ends promptly.
my $again = IO::Socket::UNIX->new(Peer => $sock) or die "connect: $!";
select(undef, undef, undef, 0.3);
my $t1 = time;
$ug->stop_usergate('TERM');
ok(time - $t1 < 10, sprintf('SIGTERM is not held up (%.1f s)', time - $t1));
is($ug->{usergate_status}, 0, 'usergate exited 0');
close $_ for $stuck, $half, $again;

$ug->stop;
done_testing;
