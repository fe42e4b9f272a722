# The database stops mid-run and comes back: usergate answers failures
# (503, the contract's shape) and then serves again without a restart.
use strict;
use warnings;
use Test::More;
use lib 't/lib';
use UG;

my $ug = UG->new->start(how => 'spawn');
$ug->add_user('root', 'rootpw', 'admin');
my $oid = 'oDBDOWN0000000000000000000001';
is($ug->post('/login.php?mode=1', [username => 'root', password => 'rootpw',
    openid => $oid, wechat_name => 'w'])->{content}, '1', 'openid bound');
my ($token) = $ug->post('/login.php?mode=2',
    [username => 'root', password => 'rootpw'])->{content} =~ /"token":"(\w+)"/;
my $pid = $ug->usergate_pid;

$ug->db->stop;
my $r = $ug->post('/login.php?mode=0', [openid => $oid, wechat_name => 'w']);
is($r->{content}, '0', 'mode 0 with the database down: 0');
is($r->{status}, 503, 'mode 0 with the database down: 503');
$r = $ug->post('/login.php?mode=2', [username => 'root', password => 'rootpw']);
is($r->{content}, '{"state":"0"}', 'login with the database down');
is($r->{status}, 503, 'login with the database down: 503');
$r = $ug->post('/login.php?mode=3&operating=1', [token => $token]);
is($r->{content}, '{"0"}', 'list with the database down');
is($r->{status}, 503, 'list with the database down: 503');
is($ug->http('GET', '/readyz')->{status}, 503, '/readyz says not ready');
is($ug->http('GET', '/healthz')->{status}, 200, '/healthz still live');

$ug->db->start;
for my $i (1 .. 2) {	# every worker's connection recovers, not just one
	$r = $ug->post('/login.php?mode=0', [openid => $oid, wechat_name => 'w']);
	is($r->{content}, '1', "mode 0 after the database returns ($i)");
	is($r->{status}, 200, "status 200 again ($i)");
}
my $ok = 0;
for (1 .. 8) {
	$ok++ if $ug->post('/login.php?mode=3&operating=1', [token => $token])
	    ->{content} =~ /^\{"users":\[/;
}
is($ok, 8, 'every worker serves again');
like($ug->post('/login.php?mode=2', [username => 'root', password => 'rootpw'])
    ->{content}, qr/"state":"1"/, 'login after the database returns');
is($ug->usergate_pid, $pid, 'usergate was never restarted');
ok(kill(0, $pid), 'and is alive');

$ug->stop;
done_testing;
