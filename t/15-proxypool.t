# The proxy-pool contract (seed 003, SPEC "proxypool") through nginx:
# every endpoint's answer and failures, the three-level rules, lock,
# password changes, one identity with login.php, /iplist and an outage.
use strict;
use warnings;
use utf8;
use Test::More;
use lib 't/lib';
use UG;
use JSON::PP;
use B;
use Encode ();
binmode(Test::More->builder->$_, ":utf8") for qw(output failure_output todo_output);

my $ug = UG->new(conf => { cors_origins => 'http://vue.example:8080' })
    ->start(how => 'spawn');
$ug->add_user('root', 'rootpw', 'admin');
my $cur = $ug;		# the stack pp() speaks to

# A request with a JSON body (a hash, or raw text) and the token as the
# Vue app sends it: the bare token in Authorization.
sub pp {
	my ($method, $path, $body, $token, %h) = @_;
	my %headers = %h;
	$headers{Authorization} = $token if defined $token;
	my %opt = (headers => \%headers);
	if (defined $body) {
		$headers{'Content-Type'} //= 'application/json';
		$opt{content} = ref $body ? JSON::PP->new->utf8->canonical->encode($body)
		    : $body;
	}
	my $r = $cur->http($method, $path, %opt);
	return ($r->{status}, $r->{content}, $r);
}

sub is_pp {
	my ($method, $path, $body, $token, $status, $want, $name) = @_;
	my ($s, $b) = pp($method, $path, $body, $token);
	is($b, $want, "$name: body");
	is($s, $status, "$name: status");
}

sub msg { my $m = JSON::PP->new->ascii->encode({ message => $_[0] }); "$m\n" }
sub login {
	my ($u, $p) = @_;
	my ($s, $b) = pp('POST', '/login', { username => $u, password => $p });
	return $s == 200 ? decode_json($b)->{Authorization} : undef;
}
sub is_string { my $sv = B::svref_2object(\$_[0]); ($sv->FLAGS & B::SVf_POK) && !($sv->FLAGS & (B::SVf_IOK | B::SVf_NOK)) }

# --- /login --------------------------------------------------------------
my ($s, $b, $r) = pp('POST', '/login', { username => 'root', password => 'rootpw' });
is($s, 200, 'login: 200');
like($b, qr/^\{"Authorization":"[0-9a-f]{32}"\}\n$/, 'login: {"Authorization":<32 hex>}');
is($r->{headers}{'content-type'}, 'application/json', 'JSON content type');
my $root = decode_json($b)->{Authorization};
is_pp('POST', '/login', { username => 'root', password => 'bad' }, undef, 401,
    msg('账号密码不存在'), 'wrong password');
is_pp('POST', '/login', { username => 'nobody', password => 'x' }, undef, 401,
    msg('账号密码不存在'), 'unknown user');
is_pp('POST', '/login', { username => 'root' }, undef, 401, msg('参数不完整'),
    'missing password');
is_pp('POST', '/login', { username => 'root', password => '' }, undef, 401,
    msg('参数不完整'), 'empty password');
is_pp('POST', '/login', undef, undef, 401, msg('参数不完整'), 'no body');
is_pp('POST', '/login', '{"username": "root", ', undef, 400, msg('参数错误'),
    'malformed JSON');
$r = $ug->post('/login', [username => 'root', password => 'rootpw']);
like($r->{content}, qr/^\{"Authorization":"[0-9a-f]{32}"\}\n$/, 'a form body logs in too');
is_pp('PUT', '/login', undef, undef, 405, msg('Method Not Allowed'), 'PUT: 405');
($s, $b, $r) = pp('PUT', '/login');
is($r->{headers}{allow}, 'GET, POST', 'Allow: GET, POST');

# --- the token check -----------------------------------------------------
is_pp('GET', '/about', undef, undef, 401, "{\"error\":\"401\"}\n", 'no token');
is_pp('GET', '/about', undef, 'f' x 32, 401,
    "{\"error\":\"\\u8ba4\\u8bc1\\u5931\\u8d25\"}\n", 'unknown token');
is_pp('GET', '/about', undef, 'eyJ0eXAiOiJKV1Qi.x.y', 401,
    "{\"error\":\"\\u8ba4\\u8bc1\\u5931\\u8d25\"}\n", 'an old JWT');
($s) = pp('GET', '/about', undef, undef, Authorization => "Bearer $root");
is($s, 200, 'Bearer works too');
{
	my $t = login('root', 'rootpw');
	is((pp('GET', '/about', undef, $t))[0], 200, 'a fresh token works');
	$ug->sql("UPDATE sessions SET expires = NOW(3) - INTERVAL 1 SECOND "
	    . "WHERE token_hash = UNHEX(SHA2('$t', 256))");
	is_pp('GET', '/about', undef, $t, 401,
	    "{\"error\":\"\\u8ba4\\u8bc1\\u5931\\u8d25\"}\n", 'an expired token');
}

# --- /regist ---------------------------------------------------------------
is_pp('POST', '/regist', { username => 'norm1', password => 'n1pw',
    password1 => 'n1pw' }, undef, 200, msg('创建成功'), 'regist');
is_pp('POST', '/regist', { username => 'norm1', password => 'x',
    password1 => 'x' }, undef, 401, msg('用户已经存在'), 'regist: exists');
is_pp('POST', '/regist', { username => 'NORM1', password => 'x',
    password1 => 'x' }, undef, 401, msg('用户已经存在'), 'regist: exists, other case');
is_pp('POST', '/regist', { username => 'norm2', password => 'a',
    password1 => 'b' }, undef, 401, msg('密码不同'), 'regist: passwords differ');
is_pp('POST', '/regist', { username => 'norm2', password => 'a' }, undef, 401,
    msg('参数不完整'), 'regist: password1 missing');
is_pp('POST', '/regist', { username => "bad\x{1}name", password => 'a',
    password1 => 'a' }, undef, 400, msg('参数错误'), 'regist: a control character');
is($ug->sql("SELECT COUNT(*) FROM users WHERE username LIKE 'norm2%' OR username LIKE 'bad%'"),
    0, 'refused registrations wrote nothing');
my $norm1 = login('norm1', 'n1pw');
ok($norm1, 'the registered user logs in');

# --- /about ----------------------------------------------------------------
my $desc = '我不是英雄，我只做我想做的事，保护我想要保护的人而已。';
($s, $b) = pp('GET', '/about', undef, $norm1);
is($s, 200, 'about: 200');
like($b, qr/^\{"data":\{"avatar":"\/avatars\/[1-8]\.svg","description":"[^"]+","permission":"\\u67e5","role":"\\u666e\\u901a\\u7528\\u6237","username":"norm1"\}\}\n$/,
    'about: the keys, sorted, ASCII-escaped');
my $about = decode_json($b)->{data};
is($about->{description}, $desc, 'the default description');
is($about->{role}, '普通用户', 'role 普通用户');
ok(is_string($about->{permission}), 'permission is a string (seed)');
($s, $b) = pp('POST', '/about', undef, $norm1);
is($s, 200, 'about takes POST too');

# --- /adduser and the levels ---------------------------------------------
is_pp('POST', '/adduser', { username => 'adm1', password => 'a1pw',
    usertype => '2' }, $root, 200, msg('创建成功'), 'super adds an admin');
is_pp('POST', '/adduser', { username => 'adm2', password => 'a2pw',
    usertype => 2 }, $root, 200, msg('创建成功'), 'usertype as a number');
is_pp('POST', '/adduser', { username => 'norm3', password => 'n3pw',
    usertype => '3' }, $root, 200, msg('创建成功'), 'super adds a normal user');
my $adm1 = login('adm1', 'a1pw');
my $adm2 = login('adm2', 'a2pw');
is_pp('POST', '/adduser', { username => 'norm4', password => 'n4pw',
    usertype => '3' }, $adm1, 200, msg('创建成功'), 'admin adds a normal user');
is_pp('POST', '/adduser', { username => 'adm3', password => 'x',
    usertype => '2' }, $adm1, 403, msg('无权限创建'), 'admin cannot add an admin');
is_pp('POST', '/adduser', { username => 'sup2', password => 'x',
    usertype => '1' }, $root, 403, msg('无权限创建'), 'nobody adds a super admin');
is_pp('POST', '/adduser', { username => 'sup2', password => 'x',
    usertype => '1' }, $adm1, 403, msg('无权限创建'), 'admin: usertype 1');
is_pp('POST', '/adduser', { username => 'n5', password => 'x',
    usertype => '3' }, $norm1, 403, msg('无权限访问'), 'normal user adds nobody');
is_pp('POST', '/adduser', { username => 'n5', password => 'x',
    usertype => '4' }, $root, 400, msg('参数错误'), 'usertype 4');
is_pp('POST', '/adduser', { username => 'n5', password => 'x',
    usertype => 'x' }, $root, 400, msg('参数错误'), 'usertype x');
is_pp('POST', '/adduser', { username => 'n5', password => 'x' }, $root, 401,
    msg('参数不完整'), 'usertype missing');
is_pp('POST', '/adduser', { username => 'norm4', password => 'x',
    usertype => '3' }, $root, 403, msg('用户已经存在'), 'adduser: exists');
is($ug->sql("SELECT COUNT(*) FROM users WHERE username IN ('adm3','sup2','n5')"),
    0, 'refused adds wrote nothing');
my $norm3 = login('norm3', 'n3pw');

# --- /userlist and /adminlist ------------------------------------------------
($s, $b) = pp('GET', '/userlist', undef, $norm1);
is($s, 200, 'userlist for a normal user: 200');
like($b, qr/^\{"data":\[\{"createtime":"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d","permission":"\\u67e5","role":"\\u666e\\u901a\\u7528\\u6237","status":"False","username":"norm1"\}\]\}\n$/,
    'a normal user sees only itself, in the seed\'s types');
for my $who ([root => $root], [adm1 => $adm1]) {
	($s, $b) = pp('GET', '/userlist', undef, $who->[1]);
	is($s, 200, "userlist for $who->[0]");
	is_deeply([map { $_->{username} } @{ decode_json($b)->{data} }],
	    [qw(norm1 norm3 norm4)], "$who->[0] sees every normal user, no admins");
}
($s, $b) = pp('GET', '/adminlist', undef, $root);
is($s, 200, 'adminlist for the super admin');
my $al = decode_json($b)->{data};
is_deeply([map { $_->{username} } @$al], [qw(adm1 adm2)], 'the admins, not the super admin');
is($al->[0]{role}, '管理员', 'role 管理员');
is($al->[0]{permission}, '添加,改,查', 'an admin\'s permission string');
is_pp('GET', '/adminlist', undef, $adm1, 403, msg('无权访问'), 'adminlist: admin');
is_pp('GET', '/adminlist', undef, $norm1, 403, msg('无权访问'), 'adminlist: normal user');

# --- /delete ------------------------------------------------------------------
$ug->add_user("del$_", 'pw', 'user') for 1 .. 3;
is_pp('POST', '/delete', { username => 'del1' }, $norm1, 403, msg('无权限删除'),
    'normal user deletes nobody');
is_pp('POST', '/delete', { username => 'norm1' }, $norm1, 403, msg('无权限删除'),
    'normal user: not even itself');
is_pp('POST', '/delete', { username => 'adm1' }, $adm1, 403, msg('无权限删除'),
    'admin: not itself');
is_pp('POST', '/delete', { username => 'adm2' }, $adm1, 403, msg('无权限删除'),
    'admin: not its own level');
is_pp('POST', '/delete', { username => 'root' }, $adm1, 403, msg('无权限删除'),
    'admin: not the super admin');
is_pp('POST', '/delete', { username => 'root' }, $root, 403, msg('无权限删除'),
    'super: not itself');
is_pp('POST', '/delete', { username => 'ghost' }, $root, 403, msg('无权限删除'),
    'unknown user');
is_pp('POST', '/delete', {}, $root, 401, msg('参数不完整'), 'delete: no username');
is($ug->sql("SELECT COUNT(*) FROM users WHERE username IN ('del1','norm1','adm1','adm2','root')"),
    5, 'refused deletes removed nobody');
is_pp('POST', '/delete', { username => 'del1' }, $adm1, 200, msg('用户已删除'),
    'admin deletes a normal user');
is_pp('POST', '/delete', { username => 'del2' }, $root, 200, msg('用户已删除'),
    'super deletes a normal user');
my $adm3tok;
is_pp('POST', '/adduser', { username => 'adm9', password => 'a9pw',
    usertype => '2' }, $root, 200, msg('创建成功'), 'another admin');
my $adm9 = login('adm9', 'a9pw');
is_pp('POST', '/delete', { username => 'adm9' }, $root, 200, msg('用户已删除'),
    'super deletes an admin');
is_pp('GET', '/about', undef, $adm9, 401,
    "{\"error\":\"\\u8ba4\\u8bc1\\u5931\\u8d25\"}\n", 'a deleted user\'s token is gone');

# --- /lock -------------------------------------------------------------------
is_pp('POST', '/lock', { username => 'norm3', userlock => JSON::PP::true },
    $norm1, 404, msg('无权限执行'), 'normal user locks nobody');
is_pp('POST', '/lock', { username => 'adm1', userlock => JSON::PP::true },
    $adm1, 404, msg('无权限执行'), 'admin: not itself');
is_pp('POST', '/lock', { username => 'adm2', userlock => JSON::PP::true },
    $adm1, 404, msg('无权限执行'), 'admin: not its own level');
is_pp('POST', '/lock', { username => 'root', userlock => JSON::PP::true },
    $root, 404, msg('无权限执行'), 'super: not itself');
is_pp('POST', '/lock', { username => 'root', userlock => JSON::PP::true },
    $adm1, 404, msg('无权限执行'), 'admin: not the super admin');
is_pp('POST', '/lock', { username => 'ghost', userlock => JSON::PP::true },
    $root, 404, msg('无权限执行'), 'lock: unknown user');
is_pp('POST', '/lock', { username => 'norm3' }, $root, 401, msg('参数不完整'),
    'lock: userlock missing');
is_pp('POST', '/lock', { username => 'norm3', userlock => 'maybe' }, $root, 400,
    msg('参数错误'), 'lock: userlock maybe');
is($ug->sql("SELECT SUM(locked) FROM users"), 0, 'refused locks locked nobody');
is_pp('POST', '/lock', { username => 'norm3', userlock => JSON::PP::true },
    $adm1, 200, msg('执行完成'), 'admin locks a normal user (JSON true)');
is_pp('GET', '/about', undef, $norm3, 401,
    "{\"error\":\"\\u8ba4\\u8bc1\\u5931\\u8d25\"}\n", 'the lock ends its sessions at once');
is_pp('POST', '/login', { username => 'norm3', password => 'n3pw' }, undef, 401,
    msg('账号已锁定'), 'locked, right password: 账号已锁定');
is_pp('POST', '/login', { username => 'norm3', password => 'wrong' }, undef, 401,
    msg('账号密码不存在'), 'locked, wrong password: no word of the lock');
($s, $b) = pp('GET', '/userlist', undef, $root);
my ($n3) = grep { $_->{username} eq 'norm3' } @{ decode_json($b)->{data} };
is($n3->{status}, 'True', 'status "True" when locked');
is_pp('POST', '/lock', { username => 'norm3', userlock => JSON::PP::false },
    $adm1, 200, msg('执行完成'), 'unlock (JSON false)');
$norm3 = login('norm3', 'n3pw');
ok($norm3, 'unlocked: logs in again');
is_pp('POST', '/lock', { username => 'adm2', userlock => '1' }, $root, 200,
    msg('执行完成'), 'super locks an admin ("1")');
is_pp('POST', '/lock', { username => 'adm2', userlock => 'False' }, $root, 200,
    msg('执行完成'), 'and unlocks it ("False")');
is($ug->sql("SELECT locked FROM users WHERE username = 'adm2'"), 0, 'adm2 unlocked');

# --- /upwd and /admin/upwd -----------------------------------------------------
my $norm1b = login('norm1', 'n1pw');
is_pp('POST', '/upwd', { username => 'norm1', oldpwd => 'bad', newpwd => 'x' },
    $norm1, 403, msg('修改失败'), 'upwd: wrong old password');
is_pp('POST', '/upwd', { username => 'norm1', newpwd => 'x' }, $norm1, 401,
    msg('参数不完整'), 'upwd: oldpwd missing');
is_pp('POST', '/upwd', { username => 'norm3', oldpwd => 'n3pw', newpwd => 'x' },
    $norm1, 403, msg('修改失败'), 'upwd: another user\'s');
is_pp('POST', '/upwd', { username => 'norm3', oldpwd => 'n3pw', newpwd => 'x' },
    $root, 403, msg('修改失败'), 'upwd is one\'s own only, even for the super admin');
ok(login('norm3', 'n3pw'), 'refused changes changed nothing');
is_pp('POST', '/upwd', { username => 'norm1', oldpwd => 'n1pw', newpwd => 'n1new' },
    $norm1, 200, msg('修改成功'), 'upwd: own password');
is_pp('GET', '/about', undef, $norm1b, 401,
    "{\"error\":\"\\u8ba4\\u8bc1\\u5931\\u8d25\"}\n", 'a password change ends the sessions');
ok(!login('norm1', 'n1pw'), 'the old password is gone');
$norm1 = login('norm1', 'n1new');
ok($norm1, 'the new one logs in');
is_pp('POST', '/admin/upwd', { username => 'norm3', newpwd => 'x' }, $norm1, 403,
    msg('修改失败'), 'admin/upwd: normal user');
is_pp('POST', '/admin/upwd', { username => 'adm2', newpwd => 'x' }, $adm1, 403,
    msg('修改失败'), 'admin/upwd: admin on its own level');
is_pp('POST', '/admin/upwd', { username => 'root', newpwd => 'x' }, $adm1, 403,
    msg('修改失败'), 'admin/upwd: admin on the super admin');
is_pp('POST', '/admin/upwd', { username => 'adm1', newpwd => 'x' }, $adm1, 403,
    msg('修改失败'), 'admin/upwd: an admin on itself (no old password)');
is_pp('POST', '/admin/upwd', { username => 'ghost', newpwd => 'x' }, $root, 403,
    msg('修改失败'), 'admin/upwd: unknown user');
is_pp('POST', '/admin/upwd', { username => 'norm3' }, $root, 401,
    msg('参数不完整'), 'admin/upwd: newpwd missing');
is_pp('POST', '/admin/upwd', { username => 'norm3', newpwd => 'n3b' }, $adm1, 200,
    msg('修改成功'), 'admin sets a normal user\'s password');
is_pp('GET', '/about', undef, $norm3, 401,
    "{\"error\":\"\\u8ba4\\u8bc1\\u5931\\u8d25\"}\n", 'and its sessions end');
$norm3 = login('norm3', 'n3b');
ok($norm3, 'with the new password');
is_pp('POST', '/admin/upwd', { username => 'adm2', newpwd => 'a2b' }, $root, 200,
    msg('修改成功'), 'super sets an admin\'s password');
$adm2 = login('adm2', 'a2b');
ok($adm2, 'the admin logs in with it');

# --- /description and /upavatar ----------------------------------------------
is_pp('POST', '/description', { username => 'norm1', description => '你好 /x' },
    $norm1, 200, msg('修改成功'), 'own description');
($s, $b) = pp('GET', '/about', undef, $norm1);
is(decode_json($b)->{data}{description}, '你好 /x', 'about shows it');
is_pp('POST', '/description', { username => 'norm3', description => 'x' },
    $norm1, 403, msg('修改失败'), 'a normal user: not another\'s');
is_pp('POST', '/description', { username => 'norm4', description => 'by adm1' },
    $adm1, 200, msg('修改成功'), 'an admin sets a normal user\'s');
is_pp('POST', '/description', { username => 'adm2', description => 'x' },
    $adm1, 403, msg('修改失败'), 'an admin: not another admin\'s');
is($ug->sql("SELECT description FROM users WHERE username = 'norm4'"), 'by adm1',
    'stored');
is_pp('POST', '/description', { username => 'norm1', description => 'y' x 1025 },
    $norm1, 400, msg('参数错误'), 'too long');
is_pp('POST', '/description', { username => 'norm1' }, $norm1, 401,
    msg('参数不完整'), 'description missing');
($s, $b) = pp('GET', '/about', undef, $norm1);
is(decode_json($b)->{data}{description}, '你好 /x', 'refused ones wrote nothing');
my %seen;
for (1 .. 12) {
	($s, $b) = pp('GET', '/upavatar', undef, $norm1);
	is($s, 200, 'upavatar') if $_ == 1;
	my $a = decode_json($b)->{message};
	like($a, qr{^/avatars/[1-8]\.svg$}, 'a path of the list') if $_ == 1;
	$seen{$a}++;
	my ($s2, $b2) = pp('GET', '/about', undef, $norm1);
	is(decode_json($b2)->{data}{avatar}, $a, 'about shows the new avatar') if $_ == 1;
}
ok(keys %seen > 1, 'avatars are random');

# --- one identity with login.php ---------------------------------------------------
$r = $ug->post('/login.php?mode=2', [username => 'norm4', password => 'n4pw']);
is($r->{content}, '{"state":"1"}', 'a user made here logs in through login.php');
is($ug->post('/login.php?mode=2', [username => 'norm1', password => 'n1new'])
    ->{content}, '{"state":"1"}', 'a user registered here too');
my ($lptok) = $ug->post('/login.php?mode=2', [username => 'root', password => 'rootpw'])
    ->{content} =~ /"token":"(\w+)"/;
is($ug->post('/login.php?mode=3&operating=2', [username => 'lpadm', password => 'lppw',
    Authority => 'Y', token => $lptok])->{content}, '{"state":"1"}', 'login.php adds an admin');
is($ug->post('/login.php?mode=3&operating=2', [username => 'lpusr', password => 'lppw',
    Authority => 'N', token => $lptok])->{content}, '{"state":"1"}', 'and a user');
($s, $b) = pp('GET', '/adminlist', undef, $root);
my ($lpa) = grep { $_->{username} eq 'lpadm' } @{ decode_json($b)->{data} };
is($lpa->{role}, '管理员', 'login.php\'s Y user is an admin here');
($s, $b) = pp('GET', '/userlist', undef, $root);
my ($lpu) = grep { $_->{username} eq 'lpusr' } @{ decode_json($b)->{data} };
is($lpu->{role}, '普通用户', 'its N user a normal user');
my $lpusr = login('lpusr', 'lppw');
($s, $b) = pp('GET', '/about', undef, $lpusr);
is(decode_json($b)->{data}{description}, $desc, 'with the default description');
like(decode_json($b)->{data}{avatar}, qr{^/avatars/}, 'and an avatar');
$r = $ug->post('/login.php?mode=3&operating=1', [token => $root]);
like($r->{content}, qr/^\{"users":\[/, 'this contract\'s token works on login.php');

# --- /iplist -----------------------------------------------------------------------
is_pp('GET', '/iplist', undef, $norm1, 200, "{\"data\":[]}\n", 'an empty pool');
my $csv = "$ug->{dir}/pool.csv";
UG::spew($csv, Encode::encode_utf8("ip,port,httptype,address,isp,spend,createtime\n"
    . "222.95.161.65,8118,http,中国-江苏-南京,电信,0.675501,2019-07-05 19:09:16\n"
    . "10.0.0.2,3128,https,,,,2019-07-06 01:02:03\n"));
my ($rc, $out) = $ug->cli(undef, 'iplist', 'import', $csv);
is($rc, 0, 'iplist import: exit 0') or diag $out;
like($out, qr/2 proxies imported/, 'says how many');
($s, $b) = pp('GET', '/iplist', undef, $norm1);
my $id1 = $ug->sql("SELECT MIN(id) FROM proxies");
my $id2 = $id1 + 1;
is($b, '{"data":[{"address":"\u4e2d\u56fd-\u6c5f\u82cf-\u5357\u4eac",'
    . '"createtime":"Fri, 05 Jul 2019 19:09:16 GMT","httptype":"http",'
    . "\"id\":$id1,\"ip\":\"222.95.161.65\",\"isp\":\"\\u7535\\u4fe1\","
    . '"port":8118,"spend":0.675501},{"address":null,'
    . '"createtime":"Sat, 06 Jul 2019 01:02:03 GMT","httptype":"https",'
    . "\"id\":$id2,\"ip\":\"10.0.0.2\",\"isp\":null,\"port\":3128,"
    . "\"spend\":null}]}\n", 'iplist: the rows, byte for byte');
my $row = decode_json($b)->{data}[0];
ok(!is_string($row->{spend}) && !is_string($row->{port}), 'spend and port are numbers');
is_pp('GET', '/iplist', undef, undef, 401, "{\"error\":\"401\"}\n", 'iplist needs a token');

my $bad = "$ug->{dir}/bad.jsonl";
UG::spew($bad, qq({"ip":"10.0.0.3","port":80,"httptype":"http"}\n)
    . qq({"ip":"10.0.0.4","port":99999,"httptype":"http"}\n));
($rc, $out) = $ug->cli(undef, 'iplist', 'import', $bad);
isnt($rc, 0, 'a bad line: the import fails');
like($out, qr/line 2: port/, 'naming the line and the field');
is($ug->sql("SELECT COUNT(*) FROM proxies"), 2, 'and nothing of the file was written');
my $empty = "$ug->{dir}/empty.csv";
UG::spew($empty, '');
($rc, $out) = $ug->cli(undef, 'iplist', 'import', $empty);
isnt($rc, 0, 'an empty file: refused') ;
like($out, qr/empty|header/i, 'saying so');
my $hdr = "$ug->{dir}/hdr.csv";
UG::spew($hdr, "ip,port,httptype\n");
($rc, $out) = $ug->cli(undef, 'iplist', 'import', $hdr);
is($rc, 0, 'a header and no rows: nothing to do');
like($out, qr/0 proxies imported/, 'says 0');
UG::spew($bad, qq({"ip":"10.0.0.3","port":80,"httptype":"socks5","spend":1.5}\n));
($rc, $out) = $ug->cli(undef, 'iplist', 'import', $bad);
is($rc, 0, 'JSON lines import') or diag $out;
is($ug->sql("SELECT COUNT(*) FROM proxies"), 3, 'added to the pool');
($rc, $out) = $ug->cli(undef, 'iplist', 'clear');
is($rc, 0, 'iplist clear');
like($out, qr/3 proxies removed/, 'says how many');
is_pp('GET', '/iplist', undef, $norm1, 200, "{\"data\":[]}\n", 'the pool is empty');

# --- the original front end's types, from another origin ----------------------
{
	my $o = UG->new(conf => { proxypool_types => 'original',
	    cors_origins => 'http://vue.example:8080' })->start(how => 'spawn');
	$o->add_user('root', 'rootpw', 'admin');
	$cur = $o;
	my ($s, $b, $r) = pp('OPTIONS', '/login', undef, undef,
	    Origin => 'http://vue.example:8080',
	    'Access-Control-Request-Method' => 'POST',
	    'Access-Control-Request-Headers' => 'content-type,authorization');
	is($s, 204, 'preflight from the Vue app\'s origin');
	is($r->{headers}{'access-control-allow-origin'}, 'http://vue.example:8080',
	    'its origin allowed');
	like($r->{headers}{'access-control-allow-headers'}, qr/Authorization/,
	    'Authorization allowed');
	($s, $b, $r) = pp('POST', '/login', { username => 'root', password => 'rootpw' },
	    undef, Origin => 'http://vue.example:8080');
	is($r->{headers}{'access-control-allow-origin'}, 'http://vue.example:8080',
	    'the login answer is readable there');
	my $t = decode_json($b)->{Authorization};
	pp('POST', '/regist', { username => 'u1', password => 'p', password1 => 'p' });
	my $u1 = login('u1', 'p');
	($s, $b) = pp('GET', '/userlist', undef, $t, Origin => 'http://vue.example:8080');
	like($b, qr/^\{"data":\[\{"createtime":"[^"]+","permission":\["\\u6539"\],"role":"\\u666e\\u901a\\u7528\\u6237","status":false,"username":"u1"\}\]\}\n$/,
	    'original types: status a boolean, permission an array');
	($s, $b) = pp('GET', '/about', undef, $t);
	is_deeply(decode_json($b)->{data}{permission}, ['添加', '改', '查', '删'],
	    'about: the super admin\'s permissions as an array');
	is_pp('POST', '/lock', '{"username":"u1","userlock":true}', $t, 200,
	    msg('执行完成'), 'the switch\'s JSON true locks');
	($s, $b) = pp('GET', '/userlist', undef, $t);
	like($b, qr/"status":true/, 'status true');
	$o->stop;
	$cur = $ug;
}

# --- registration switched off ---------------------------------------------------
{
	my $o = UG->new(conf => { proxypool_regist => 'no',
	    proxypool_avatars => '/a/one.png',
	    proxypool_description => 'hello' })->start(how => 'spawn');
	$o->add_user('root', 'rootpw', 'admin');
	$cur = $o;
	is_pp('POST', '/regist', { username => 'u1', password => 'p', password1 => 'p' },
	    undef, 403, msg('注册已关闭'), 'regist off: 403');
	is($o->sql("SELECT COUNT(*) FROM users WHERE username = 'u1'"), 0,
	    'and nobody was made');
	my $t = login('root', 'rootpw');
	is_pp('POST', '/adduser', { username => 'u2', password => 'p', usertype => 3 },
	    $t, 200, msg('创建成功'), 'adduser still works');
	my $u2 = login('u2', 'p');
	($s, $b) = pp('GET', '/about', undef, $u2);
	is($b, '{"data":{"avatar":"/a/one.png","description":"hello",'
	    . '"permission":"\u67e5","role":"\u666e\u901a\u7528\u6237",'
	    . "\"username\":\"u2\"}}\n", 'the configured avatar and description');
	is_pp('GET', '/upavatar', undef, $u2, 200, msg('/a/one.png'),
	    'upavatar from a list of one');
	is_pp('POST', '/updatespend', { ip => '1.2.3.4', port => '80' }, undef, 410,
	    msg('接口已停用'), '/updatespend: 410 Gone');
	$o->stop;
	$cur = $ug;
}

# --- the database goes away and comes back ------------------------------------------
my $pid = $ug->usergate_pid;
$ug->db->stop;
is_pp('POST', '/login', { username => 'root', password => 'rootpw' }, undef, 503,
    msg('数据库不可用'), 'login with the database down: 503');
is_pp('GET', '/userlist', undef, $root, 503, msg('数据库不可用'),
    'userlist with the database down: 503');
is_pp('GET', '/iplist', undef, $root, 503, msg('数据库不可用'), 'iplist: 503');
$ug->db->start;
my $ok = 0;
for (1 .. 8) {
	my ($s) = pp('GET', '/userlist', undef, $root);
	$ok++ if $s == 200;
}
is($ok, 8, 'every worker serves again');
ok(login('root', 'rootpw'), 'login after the database returns');
is($ug->usergate_pid, $pid, 'usergate was never restarted');

$ug->stop;
done_testing;
