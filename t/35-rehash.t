# A hash made under an older policy is upgraded at the next login.
use strict;
use warnings;
use Test::More;
use lib 't/lib';
use UG;

my $ug = UG->new(conf => { password_scheme => 'sha512crypt' })
    ->start(how => 'spawn');
$ug->add_user('olduser', 'oldpw', 'user');
like($ug->sql("SELECT password_hash FROM users WHERE username = 'olduser'"),
    qr/^\$6\$/, 'stored as sha512crypt under the old policy');

# The operator moves to yescrypt and restarts usergate.
$ug->{conf}{password_scheme} = 'yescrypt';
$ug->write_conf;
$ug->stop_usergate;
$ug->start_usergate('spawn');

is($ug->post('/login.php?mode=2', [username => 'olduser', password => 'wrong'])
    ->{content}, '{"state":"0"}', 'a wrong password changes nothing');
like($ug->sql("SELECT password_hash FROM users WHERE username = 'olduser'"),
    qr/^\$6\$/, 'still the old hash');
is($ug->post('/login.php?mode=2', [username => 'olduser', password => 'oldpw'])
    ->{content}, '{"state":"1"}', 'the old hash still logs in');
like($ug->sql("SELECT password_hash FROM users WHERE username = 'olduser'"),
    qr/^\$y\$/, 'and was upgraded to yescrypt');
is($ug->post('/login.php?mode=2', [username => 'olduser', password => 'oldpw'])
    ->{content}, '{"state":"1"}', 'which logs in too');

$ug->stop;
done_testing;
