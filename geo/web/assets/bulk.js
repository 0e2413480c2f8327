/* A large story (more than geo.scene.BULK places or movements) from one data array: each
   group (places, movements, uncertainty circles) is one layer that draws all its features
   on the map's canvas in one pass and finds the feature under the pointer, so that popups
   and tooltips (every story string escaped) are made only when asked for; and labels the
   places that have room at the current view, the places most movements touch first.
   Returns the hooks the page calls: labels(frame, taken) and step(v) for the timeline. */
GeoStory.bulk = function (map, data, G, canvas) {
"use strict";
var D=data.bulk,P=D.places,M=D.moves,K=D.kinds,S=D.statuses,R=D.sources,c=map.getContainer(),
  hooks={};
function esc(s){return String(s).replace(/[&<>"']/g,function(ch){
  return "&#"+ch.charCodeAt(0)+";";});}
function source(i){if(i<0)return "";var n=esc(R[i][0]);return "<div>Source: "+(R[i][1]?
  '<a href="'+esc(R[i][1])+'" target="_blank" rel="noopener noreferrer">'+n+"</a>":n)+"</div>";}
function placePopup(p){var o="<b>"+esc(p[6])+"</b>";
  if(p[7])o+='<div lang="'+esc(D.lang)+'"'+(D.rtl?' dir="rtl"':"")+">"+esc(p[7])+"</div>";
  o+="<div>"+p[0].toFixed(4)+", "+p[1].toFixed(4)+" (\u00b1"+p[3]+" km)</div>"+
    "<div>Position: "+esc(p[8])+"</div>";
  if(p[9])o+="<div>"+esc(p[9])+"</div>";return o+source(p[5]);}
function movePopup(q){var o="<b>"+esc(P[q[0]][6])+" \u2192 "+esc(P[q[1]][6])+"</b>";
  [["Date",q[4]],["Who",q[6]],["Status",S[q[2]][0]],
   ["Distance",Math.round(q[8]).toLocaleString("en-US")+" km (straight line)"]].forEach(
    function(kv){if(kv[1])o+="<div>"+kv[0]+": "+esc(kv[1])+"</div>";});
  if(q[5])o+="<div>"+esc(q[5])+"</div>";o+=source(q[3]);
  if(q[7])o+="<blockquote>"+esc(q[7])+"</blockquote>";return o;}
function moveTip(q){return esc(q[5]||"")+(q[6]?"<br>"+esc(q[6]):"");}
var Group=L.Path.extend({
  initialize:function(lonlats,draw,hit){this._ll=lonlats;
    this._drawAll=draw;this._hitTest=hit;this.hit=-1;
    L.setOptions(this,{renderer:canvas,interactive:!!hit,weight:0});},
  _project:function(){var m=this._map,b=new L.Bounds();
    this._pts=this._ll.map(function(lls){return lls.map(function(ll){
      var p=m.latLngToLayerPoint(ll);b.extend(p);return p;});});
    this._pxBounds=b.isValid()?new L.Bounds(b.min.subtract([40,40]),b.max.add([40,40])):b;},
  _update:function(){},
  _updatePath:function(){var x=this._renderer._ctx;x.save();
    this._drawAll(x,this._pts,this._map);x.restore();},
  _containsPoint:function(p){this.hit=this._hitTest(this._pts,p);return this.hit>=0;}});
function near(pts,p,tol){var best=-1,d=tol*tol;for(var i=0;i<pts.length;i++){
  var q=pts[i][0],e=(q.x-p.x)*(q.x-p.x)+(q.y-p.y)*(q.y-p.y);if(e<=d){d=e;best=i;}}return best;}
function seg(p,a,b){var dx=b.x-a.x,dy=b.y-a.y,l=dx*dx+dy*dy,t=l?((p.x-a.x)*dx+(p.y-a.y)*dy)/l:0;
  t=Math.max(0,Math.min(1,t));var x=a.x+t*dx-p.x,y=a.y+t*dy-p.y;return x*x+y*y;}
/* Uncertainty circles: radius in metres at the place's latitude, dashed. */
var U=P.filter(function(p){return p[4];});
G.u.addLayer(new Group(U.map(function(p){return [[p[0],p[1]]];}),function(x,pts,m){
  var k=40075016.686/Math.pow(2,m.getZoom()+8);x.beginPath();
  pts.forEach(function(q,i){var r=U[i][3]*1000/(k*Math.cos(U[i][0]*Math.PI/180));
    x.moveTo(q[0].x+r,q[0].y);x.arc(q[0].x,q[0].y,r,0,2*Math.PI);});
  x.fillStyle=D.move;x.globalAlpha=D.uncertain[1];x.fill();x.globalAlpha=0.8;
  x.setLineDash(D.uncertain[0].split(" ").map(Number));
  x.lineWidth=1.2;x.strokeStyle=D.move;x.stroke();},null));
/* Movements: one stroke per status; arrowheads in screen space, their tips at the
   destination's symbol, 9 px long at every zoom. At a step of the timeline (cur), earlier
   steps are drawn faded, later ones not at all. */
var byStatus=S.map(function(){return [];});M.forEach(function(q,i){byStatus[q[2]].push(i);});
var cur=-1,ST=D.step||[];
function state(i){var t=ST[i];return cur<0||t<0?1:t<cur?0:t===cur?1:-1;}
var moveLayer=new Group(M.map(function(q){return [[P[q[0]][0],P[q[0]][1]]].concat(q[9]||[],
  [[P[q[1]][0],P[q[1]][1]]]);}),function(x,pts){
  function pass(list,color,dash){var heads=[];x.beginPath();
    list.forEach(function(i){var l=pts[i],n=l.length,e=l[n-1],a=l[n-2],
      dx=e.x-a.x,dy=e.y-a.y,d=Math.hypot(dx,dy)||1,ux=dx/d,uy=dy/d,
      tip=K[P[M[i][1]][2]]+1.5,len=Math.min(9,Math.max(d-tip,0)),bx=e.x-ux*(tip+len),
      by=e.y-uy*(tip+len);x.moveTo(l[0].x,l[0].y);
      for(var j=1;j<n-1;j++)x.lineTo(l[j].x,l[j].y);x.lineTo(bx+ux*len*0.3,by+uy*len*0.3);
      heads.push([e.x-ux*tip,e.y-uy*tip,bx-uy*3.5,by+ux*3.5,bx+uy*3.5,by-ux*3.5]);});
    x.setLineDash(dash?dash.split(" ").map(Number):[]);x.lineWidth=D.weight;x.globalAlpha=0.9;
    x.strokeStyle=color;x.stroke();x.beginPath();heads.forEach(function(h){x.moveTo(h[0],h[1]);
      x.lineTo(h[2],h[3]);x.lineTo(h[4],h[5]);x.closePath();});x.globalAlpha=1;
    x.fillStyle=color;x.fill();}
  function only(k,v){return byStatus[k].filter(function(i){return state(i)===v;});}
  if(cur>=0)S.forEach(function(s,k){pass(only(k,0),D.past,s[2]);});
  S.forEach(function(s,k){pass(cur<0?byStatus[k]:only(k,1),s[1],s[2]);});},
  function(pts,p){var best=-1,d=36;pts.forEach(function(l,i){if(state(i)<0)return;
    for(var j=1;j<l.length;j++){var e=seg(p,l[j-1],l[j]);if(e<=d){d=e;best=i;}}});
    return best;});
G.m.addLayer(moveLayer);
hooks.step=function(v){cur=v;moveLayer.redraw();
  c.setAttribute("data-geo-step",String(v));};
/* Places: dark discs, white rims, their size by kind. */
var drawn=false;
G.p.addLayer(new Group(P.map(function(p){return [[p[0],p[1]]];}),function(x,pts){
  x.beginPath();pts.forEach(function(q,i){var r=K[P[i][2]];x.moveTo(q[0].x+r,q[0].y);
    x.arc(q[0].x,q[0].y,r,0,2*Math.PI);});x.lineWidth=2.4;x.strokeStyle="#fff";x.stroke();
  x.fillStyle="#1f1f1f";x.fill();  /* rims first: in a cluster no rim covers a disc */
  drawn=true;},
  function(pts,p){return near(pts,p,7);}));
/* A place's popup lists the movements that start or end there, as buttons that open theirs. */
var byPlace=P.map(function(){return [];});
M.forEach(function(q,k){byPlace[q[0]].push(k);if(q[1]!==q[0])byPlace[q[1]].push(k);});
function placeHtml(i){var ms=byPlace[i],o=placePopup(P[i]);if(!ms.length)return o;
  o+='<div class="geo-moves"><b>Movements: '+ms.length+"</b><ul>";
  ms.slice(0,12).forEach(function(k){var q=M[k];o+='<li><button type="button" data-geo-move="'+
    k+'">'+esc(P[q[0]][6])+" \u2192 "+esc(P[q[1]][6])+(q[4]?", "+esc(q[4]):"")+"</button></li>";});
  return o+(ms.length>12?"<li>and "+(ms.length-12)+" more</li>":"")+"</ul></div>";}
function popup(ll,html,focus){var p=L.popup({maxWidth:320}).setLatLng(ll).setContent(html)
  .openOn(map);if(!focus)return;
  var el=p.getElement().querySelector(".leaflet-popup-content");el.setAttribute("tabindex","-1");
  el.addEventListener("keydown",function(e){if(e.key==="Escape"){map.closePopup();find.focus();}});
  el.focus();}
c.addEventListener("click",function(e){var b=e.target.closest&&e.target.closest("[data-geo-move]");
  if(!b)return;var q=M[+b.getAttribute("data-geo-move")],a=P[q[0]],z=P[q[1]],v=q[9]||[];
  popup(v.length?v[Math.floor(v.length/2)]:[(a[0]+z[0])/2,(a[1]+z[1])/2],movePopup(q),
    e.detail===0);},true);  /* detail 0: the keyboard pressed it */
/* One popup and one tooltip for all, made when asked for. */
var tip=L.tooltip({sticky:true});
[[G.m,function(i){return movePopup(M[i]);},function(i){return moveTip(M[i]);}],
 [G.p,placeHtml,function(i){return esc(P[i][6]);}]].forEach(function(g){
  var last=-1;
  g[0].on("click",function(e){popup(e.latlng,g[1](e.layer.hit),false);});
  g[0].on("mousemove mouseover",function(e){var h=e.layer.hit;if(h<0)return;
    if(h!==last){last=h;tip.setContent(g[2](h));}
    tip.setLatLng(e.latlng);if(!map.hasLayer(tip))map.openTooltip(tip);});
  g[0].on("mouseout",function(){last=-1;map.closeTooltip(tip);});});
/* The keyboard path to one place of thousands: find it by name (the busiest first), in a
   control above the scale. */
var find=document.getElementById("geo-find-input"),list=document.getElementById("geo-find-list"),
  hits=[],active=-1,finder=L.control({position:"bottomleft"});
finder.onAdd=function(){var el=find.closest(".geo-find");L.DomEvent.disableClickPropagation(el);
  L.DomEvent.disableScrollPropagation(el);return el;};
finder.addTo(map);
function show(){list.textContent="";list.hidden=!hits.length;
  find.setAttribute("aria-expanded",hits.length?"true":"false");
  hits.forEach(function(i,n){var li=L.DomUtil.create("li","",list);li.id=list.id+"_"+n;
    li.setAttribute("role","option");li.setAttribute("aria-selected",n===active?"true":"false");
    li.textContent=P[i][6]+(P[i][7]?" \u00b7 "+P[i][7]:"");
    li.addEventListener("mousedown",function(e){e.preventDefault();go(i);});});
  if(active>=0)find.setAttribute("aria-activedescendant",list.id+"_"+active);
  else find.removeAttribute("aria-activedescendant");}
function go(i){var p=P[i];hits=[];active=-1;show();find.value=fold(p[6]);
  map.setView([p[0],p[1]],Math.max(map.getZoom(),8),{animate:false});
  popup([p[0],p[1]],placeHtml(i),true);}
/* Names are compared with their runs of white space as one space: a box holds no line
   break, and a name may have one. */
function fold(s){return s.replace(/\s+/g," ").trim();}
find.addEventListener("input",function(){var t=fold(find.value),q=t.toLowerCase();
  hits=[];active=-1;
  for(var n=0;q&&n<D.order.length&&hits.length<8;n++){var i=D.order[n];
    if(fold(P[i][6]).toLowerCase().indexOf(q)>=0||(P[i][7]&&fold(P[i][7]).indexOf(t)>=0))
      hits.push(i);}
  show();});
find.addEventListener("keydown",function(e){
  if((e.key==="ArrowDown"||e.key==="ArrowUp")&&hits.length){e.preventDefault();
    active=e.key==="ArrowDown"?(active+1)%hits.length:active>0?active-1:hits.length-1;show();}
  else if(e.key==="Enter"&&hits.length){e.preventDefault();go(hits[Math.max(active,0)]);}
  else if(e.key==="Escape"){hits=[];active=-1;show();}});
find.addEventListener("blur",function(){setTimeout(function(){hits=[];active=-1;show();},150);});
var pane=map.createPane("geoLabels"),ctx=document.createElement("canvas").getContext("2d");
pane.style.zIndex=640;pane.style.pointerEvents="none";pane.setAttribute("aria-hidden","true");
ctx.font="600 13px system-ui,sans-serif";
/* Labels at this view: a grid of 64 px cells keeps each test local. */
hooks.labels=function(f,taken){pane.textContent="";
  if(!map.hasLayer(G.p))return;
  var grid={},placed=0,size=map.getSize();
  function cells(b,add){var hit=false;for(var i=Math.floor(b.left/64);i<=Math.floor(b.right/64);i++)
    for(var j=Math.floor(b.top/64);j<=Math.floor(b.bottom/64);j++){var k=i+","+j,l=grid[k];
      if(add){(grid[k]=l||[]).push(b);}else if(l)for(var n=0;n<l.length;n++){var a=l[n];
        if(a.left<b.right&&b.left<a.right&&a.top<b.bottom&&b.top<a.bottom){hit=true;break;}}}
    return hit;}
  taken.forEach(function(b){cells({left:b.left-f.left,right:b.right-f.left,top:b.top-f.top,
    bottom:b.bottom-f.top},true);});
  /* Place symbols by the cell of their centre: no label covers one. */
  var pts=P.map(function(p){return map.latLngToContainerPoint([p[0],p[1]]);}),dots={};
  pts.forEach(function(q,i){if(q.x>-8&&q.y>-8&&q.x<size.x+8&&q.y<size.y+8){
    var k=Math.floor(q.x/64)+","+Math.floor(q.y/64);(dots[k]=dots[k]||[]).push(i);}});
  function clear(b){for(var i=Math.floor((b.left-8)/64);i<=Math.floor((b.right+8)/64);i++)
    for(var j=Math.floor((b.top-8)/64);j<=Math.floor((b.bottom+8)/64);j++){var l=dots[i+","+j];
      if(l)for(var n=0;n<l.length;n++){var q=pts[l[n]],r=K[P[l[n]][2]]+1;
        if(q.x+r>b.left&&q.x-r<b.right&&q.y+r>b.top&&q.y-r<b.bottom)return false;}}
    return true;}
  for(var n=0;n<D.order.length&&placed<D.maxLabels;n++){var i=D.order[n],q=pts[i];
    if(q.x<0||q.y<0||q.x>size.x||q.y>size.y)continue;
    var w=ctx.measureText(P[i][6]).width+8,h=18,g=K[P[i][2]]+3,spots=[[g,-h/2],[-g-w,-h/2],
      [-w/2,-g-h],[-w/2,g]];
    for(var s=0;s<spots.length;s++){var x=q.x+spots[s][0],y=q.y+spots[s][1],
      b={left:x,right:x+w,top:y,bottom:y+h};
      if(x<0||y<0||x+w>size.x||y+h>size.y||cells(b,false)||!clear(b))continue;
      cells(b,true);placed++;var e=L.DomUtil.create("div","geo-label geo-bulk-label",pane);
      e.textContent=P[i][6];L.DomUtil.setPosition(e,map.containerPointToLayerPoint([x,y]));
      taken.push({left:f.left+x,right:f.left+x+w,top:f.top+y,bottom:f.top+y+h});break;}}
  if(drawn)c.setAttribute("data-geo-drawn","");};  /* canvas and labels: the map is whole */
return hooks;
};
